package org.alterna.scaleout;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.alterna.supervision.AlarmEvent;
import org.alterna.supervision.DeviceSupervisor;
import org.alterna.supervision.PlanTimeline;
import org.alterna.supervision.SupervisionPlan;
import org.alterna.supervision.SupervisorStates;
import org.alterna.telemetry.Fix;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The engine node's Kafka Streams topology: a device's records and its plan (co-partitioned, keyed by device) meet in
 * one processor that runs the pure supervision engine ({@link DeviceSupervisor}) and sends the alarm changes to the
 * alarms topic. Each device's supervisor and plans are kept in state stores backed by changelog topics, and the
 * application runs exactly once: a record's alarm changes, the new state and the input's offset commit in one Kafka
 * transaction, so when an engine node dies its partitions move to another with the state as of the last commit and
 * the records after it are evaluated again there — nothing lost, nothing reported twice.
 */
public final class EngineTopology {
    static final String SUPERVISORS = "device-supervisors";
    static final String PLANS = "device-plans";

    private EngineTopology() {
    }

    /** The topology over the settings' topics. */
    public static Topology build(ScaleoutSettings s) {
        Topology t = new Topology();
        t.addSource("records", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), s.recordsTopic());
        t.addSource("plans", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), s.plansTopic());
        t.addProcessor("supervise", () -> new Supervise(s.recordsTopic(), s.tickInterval()), "records", "plans");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SUPERVISORS), Serdes.String(),
                Serdes.ByteArray()), "supervise");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PLANS), Serdes.String(),
                Serdes.ByteArray()), "supervise");
        t.addSink("alarms", s.alarmsTopic(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), "supervise");
        return t;
    }

    /** Kafka Streams settings of an engine node: exactly once, changelogs replicated like the topics. */
    public static Properties properties(ScaleoutSettings s) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) s.replicationFactor());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.engineThreads());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, s.standbyReplicas());
        p.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir());
        p.put(StreamsConfig.topicPrefix("min.insync.replicas"), Integer.toString(s.minInsyncReplicas()));
        p.put(StreamsConfig.producerPrefix("acks"), "all");
        return p;
    }

    /** Supervises the records of the devices of one partition. */
    static final class Supervise implements Processor<String, byte[], String, byte[]> {
        private final String recordsTopic;
        private final Duration tickInterval;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> supervisors;
        private KeyValueStore<String, byte[]> plans;
        /** Plans as parsed, by device, while the stored history is the same bytes (parsing geometry is costly). */
        private final Map<String, Parsed> parsed = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
                return size() > 50_000;
            }
        };

        Supervise(String recordsTopic, Duration tickInterval) {
            this.recordsTopic = recordsTopic;
            this.tickInterval = tickInterval;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.supervisors = context.getStateStore(SUPERVISORS);
            this.plans = context.getStateStore(PLANS);
            if (!tickInterval.isZero() && !tickInterval.isNegative()) {
                context.schedule(tickInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
            }
        }

        @Override
        public void process(Record<String, byte[]> r) {
            String topic = context.recordMetadata().map(m -> m.topic()).orElse(recordsTopic);
            if (r.key() == null) {
                return;
            }
            if (topic.equals(recordsTopic)) {
                if (r.value() != null) {
                    onRecord(r.key(), Messages.fix(r.value()), r.timestamp());
                }
            } else {
                onPlan(r.key(), r.value());
            }
        }

        private void onRecord(String device, Fix fix, long timestamp) {
            Parsed p = parsed(device);
            if (p == null || p.current.victimUnit()) {
                return; // not supervised now (a victim's unit is judged with the wearer's order: not on its own)
            }
            byte[] saved = supervisors.get(device);
            DeviceSupervisor sup = saved == null ? SupervisorStates.supervisor(p.timeline)
                    : SupervisorStates.load(saved, p.timeline, p.catalogue);
            List<AlarmEvent> events = sup.onFix(fix);
            supervisors.put(device, SupervisorStates.save(sup, p.catalogue));
            send(device, p, events, timestamp);
        }

        /**
         * A device's plan: appended to its history (plans already given keep their place in the catalogue that saved
         * states name them by); a plan of another order starts the device afresh; a tombstone ends its supervision.
         */
        private void onPlan(String device, byte[] value) {
            parsed.remove(device);
            if (value == null) {
                plans.delete(device);
                supervisors.delete(device);
                return;
            }
            Messages.DevicePlan plan = Messages.plan(value);
            List<byte[]> history = history(plans.get(device));
            if (!history.isEmpty()) {
                Messages.DevicePlan last = Messages.plan(history.get(history.size() - 1));
                if (!Objects.equals(last.orderId(), plan.orderId()) || last.victimUnit() != plan.victimUnit()) {
                    history.clear();
                    supervisors.delete(device);
                } else if (Arrays.equals(history.get(history.size() - 1), value)) {
                    return;
                }
            }
            history.add(value);
            plans.put(device, history(history));
        }

        private void tick(long wallClockMs) {
            Instant now = Instant.ofEpochMilli(wallClockMs);
            List<KeyValue<String, byte[]>> changed = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = supervisors.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    Parsed p = parsed(kv.key);
                    if (p == null) {
                        continue;
                    }
                    DeviceSupervisor sup = SupervisorStates.load(kv.value, p.timeline, p.catalogue);
                    List<AlarmEvent> events = sup.tick(now);
                    if (!events.isEmpty()) {
                        changed.add(KeyValue.pair(kv.key, SupervisorStates.save(sup, p.catalogue)));
                        send(kv.key, p, events, wallClockMs);
                    }
                }
            }
            changed.forEach(kv -> supervisors.put(kv.key, kv.value));
        }

        private void send(String device, Parsed p, List<AlarmEvent> events, long timestamp) {
            for (AlarmEvent e : events) {
                context.forward(new Record<>(device, Messages.alarm(new Messages.EngineAlarm(p.current.orderId(), e)),
                        timestamp));
            }
        }

        private Parsed parsed(String device) {
            byte[] stored = plans.get(device);
            if (stored == null) {
                parsed.remove(device);
                return null;
            }
            Parsed p = parsed.get(device);
            if (p != null && Arrays.equals(p.stored, stored)) {
                return p;
            }
            List<SupervisionPlan> catalogue = new ArrayList<>();
            Messages.DevicePlan current = null;
            PlanTimeline timeline = null;
            for (byte[] b : history(stored)) {
                current = Messages.plan(b);
                timeline = current.timeline();
                catalogue.addAll(SupervisorStates.plans(timeline));
            }
            p = new Parsed(stored, current, timeline, List.copyOf(catalogue));
            parsed.put(device, p);
            return p;
        }

        @Override
        public void close() {
            parsed.clear();
        }
    }

    private record Parsed(byte[] stored, Messages.DevicePlan current, PlanTimeline timeline,
            List<SupervisionPlan> catalogue) {
    }

    static List<byte[]> history(byte[] stored) {
        List<byte[]> out = new ArrayList<>();
        if (stored == null) {
            return out;
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(stored))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                out.add(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static byte[] history(List<byte[]> history) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(history.size());
            for (byte[] b : history) {
                out.writeInt(b.length);
                out.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
