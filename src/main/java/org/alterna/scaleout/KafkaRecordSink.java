package org.alterna.scaleout;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.RecordSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A gateway node's record sink: each record goes to the records topic keyed by its device (a device's records stay in
 * order in one partition) and the device is acknowledged only once every record of its message has been written to
 * all in-sync replicas ({@code acks=all}, at least {@code min.insync.replicas} of them). The producer is idempotent:
 * its own retries never store a record twice nor reorder a device's records. A record the brokers did not accept fails
 * the submission, so the device is not acknowledged and sends it again.
 */
public final class KafkaRecordSink implements RecordSink, AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Clock clock;
    private final int pendingLimit;
    private final AtomicInteger pending = new AtomicInteger();
    private final Queue<Runnable> drained = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    public KafkaRecordSink(ScaleoutSettings s, Clock clock, Map<String, Object> overrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "alterna-gateway");
        p.putAll(overrides);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topic = s.recordsTopic();
        this.clock = clock;
        this.pendingLimit = s.pendingLimit();
    }

    @Override
    public CompletableFuture<Integer> submit(List<Fix> fixes) {
        if (fixes.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new RejectedExecutionException("gateway is shutting down"));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        CompletableFuture<Integer> done = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(fixes.size());
        pending.addAndGet(fixes.size());
        for (Fix f : fixes) {
            Fix stamped = received(f, now);
            try {
                producer.send(new ProducerRecord<>(topic, null, stamped.serverTime().toEpochMilli(), stamped.deviceId(),
                        Messages.fix(stamped)), (meta, error) -> {
                            settled();
                            if (error != null) {
                                done.completeExceptionally(error);
                            } else if (left.decrementAndGet() == 0) {
                                done.complete(fixes.size());
                            }
                        });
            } catch (RuntimeException e) { // closed, serialisation: the callback will not run
                settled();
                done.completeExceptionally(e);
            }
        }
        return done;
    }

    /** The record as received now: a server time, and the device's time or else the receive time. */
    static Fix received(Fix f, Instant now) {
        Instant server = f.serverTime() == null ? now : f.serverTime();
        Instant device = f.deviceTime() == null ? server : f.deviceTime();
        return new Fix(f.deviceId(), device, server, f.latitude(), f.longitude(), f.altitude(), f.speedKmh(), f.course(),
                f.satellites(), f.hdop(), f.accuracyMeters(), f.valid(), f.source(), f.batteryPercent(),
                f.externalPower(), f.charging(), f.strap(), f.alarms(), f.io());
    }

    private void settled() {
        if (pending.decrementAndGet() < pendingLimit / 2) {
            Runnable r;
            while ((r = drained.poll()) != null) {
                r.run();
            }
        }
    }

    /** A heartbeat without flags is not kept: the application nodes learn of contact from the records. */
    @Override
    public void contact(String deviceId, Integer battery, Boolean externalPower, Boolean charging, Fix.StrapState strap) {
    }

    @Override
    public boolean saturated() {
        return pending.get() >= pendingLimit;
    }

    @Override
    public void onDrained(Runnable callback) {
        drained.add(callback);
        if (pending.get() < pendingLimit / 2) {
            Runnable r;
            while ((r = drained.poll()) != null) {
                r.run();
            }
        }
    }

    public int pending() {
        return pending.get();
    }

    /** Sends what is pending (waiting for the brokers' answers), then closes. */
    @Override
    public void close() {
        closed = true;
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
