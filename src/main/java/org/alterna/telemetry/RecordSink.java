package org.alterna.telemetry;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the gateway hands the records it decoded: a device is acknowledged only when {@link #submit}'s future
 * completes, that is once the records are durable — committed to the database ({@link BatchWriter}, the single
 * process) or accepted by every in-sync replica of a Kafka topic (a scale-out gateway node).
 */
public interface RecordSink {

    /** Records (fixes, device events) to keep; completes with how many were taken once they are durable, or fails. */
    CompletableFuture<Integer> submit(List<Fix> fixes);

    /** The device was heard from, with any status it reported (nulls keep known values): not kept durably. */
    void contact(String deviceId, Integer battery, Boolean externalPower, Boolean charging, Fix.StrapState strap);

    /** True while so much is pending that connections should stop reading from devices. */
    boolean saturated();

    /** Runs {@code callback} once the sink has room again (at once if it has). */
    void onDrained(Runnable callback);
}
