package org.alterna.scaleout;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.alterna.telemetry.Fix;

/**
 * A gateway node's record sink driven as its own process (for {@link GatewayNodeKillTest}): devices send messages of
 * 5 records, up to 50 messages awaiting acknowledgement at a time; every
 * acknowledgement is printed as {@code ACK <device> <last sequence number>} the moment it is given.
 */
public final class GatewayNodeDriver {
    private GatewayNodeDriver() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String prefix = args[1];
        int devices = Integer.parseInt(args[2]);
        ScaleoutSettings s = new ScaleoutSettings(Set.of(ScaleoutSettings.Role.GATEWAY), bootstrap, prefix, 3, (short) 1,
                1, null, null, null, null, null, null);
        KafkaRecordSink sink = new KafkaRecordSink(s, Clock.systemUTC(), Map.of());
        Semaphore inFlight = new Semaphore(devices);
        int[] next = new int[devices];
        Instant t0 = Instant.now().minusSeconds(3600); // recent: the topic keeps records by their time
        System.out.println("READY");
        System.out.flush();
        for (int round = 0; ; round++) {
            for (int d = 0; d < devices; d++) {
                inFlight.acquire();
                String device = "35" + String.format("%013d", d);
                List<Fix> message = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    int seq = next[d]++;
                    Instant t = t0.plusSeconds(seq);
                    message.add(new Fix(device, t, t, -12.0, -77.0, null, null, null, 8, 1.0, 5.0, true,
                            Fix.PositionSource.GPS, null, null, null, null, Set.of(), Map.of("seq", seq)));
                }
                int last = next[d] - 1;
                sink.submit(message).whenComplete((n, e) -> {
                    synchronized (System.out) { // a refused message is not acknowledged: a tracker sends it again
                        System.out.println((e == null ? "ACK " : "REFUSED ") + device + " " + (last - 4) + " " + last);
                        System.out.flush();
                    }
                    inFlight.release();
                });
            }
        }
    }
}
