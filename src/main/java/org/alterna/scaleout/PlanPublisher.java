package org.alterna.scaleout;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.alterna.common.LocalTime;
import org.alterna.devices.Assignment;
import org.alterna.devices.AssignmentRole;
import org.alterna.devices.DeviceAssigned;
import org.alterna.devices.DeviceRegistry;
import org.alterna.devices.DeviceUnassigned;
import org.alterna.orders.ConditionsVersion;
import org.alterna.orders.OrderConditionsVaried;
import org.alterna.orders.OrderStatus;
import org.alterna.orders.OrderStatusChanged;
import org.alterna.orders.OrderView;
import org.alterna.orders.Orders;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * An application node publishes each supervised device's plan to the compacted plans topic (keyed by device): the
 * order it serves and every version of the order's conditions. A change of an order (activation, variation,
 * suspension, end) or of a device's assignment is published once its transaction commits, and waits for the brokers'
 * acknowledgement; at start every active order is published again (the engine ignores a plan it already has). A
 * device no longer supervised gets a tombstone. Not yet published: authorised absences (their alarms are raised).
 */
final class PlanPublisher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PlanPublisher.class);
    private final ScaleoutSettings settings;
    private final Orders orders;
    private final DeviceRegistry devices;
    private final LocalTime localTime;
    private final Clock clock;
    private final Map<String, Object> overrides;
    private volatile Producer<String, byte[]> producer;

    PlanPublisher(ScaleoutSettings settings, Orders orders, DeviceRegistry devices, LocalTime localTime, Clock clock,
            Map<String, Object> overrides) {
        this.settings = settings;
        this.orders = orders;
        this.devices = devices;
        this.localTime = localTime;
        this.clock = clock;
        this.overrides = overrides;
    }

    @Override
    public synchronized void start() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "alterna-plans");
        p.putAll(overrides);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        for (OrderView o : orders.active()) {
            publish(o.id());
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(OrderStatusChanged e) {
        publish(e.orderId());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(OrderConditionsVaried e) {
        publish(e.orderId());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(DeviceAssigned e) {
        publish(e.assignment().orderId());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(DeviceUnassigned e) {
        send(e.assignment().deviceId(), null);
        publish(e.assignment().orderId());
    }

    /** Publishes the plan of each device currently assigned to the order (a tombstone if the order is not active). */
    void publish(UUID orderId) {
        if (producer == null) {
            return; // not started yet: start publishes every active order
        }
        Optional<OrderView> order = orders.find(orderId);
        Instant now = clock.instant();
        Set<String> sent = new HashSet<>();
        for (Assignment a : devices.assignmentsOf(orderId)) {
            if (!a.activeAt(now) || !sent.add(a.deviceId())) {
                continue;
            }
            if (order.isEmpty() || order.get().status() != OrderStatus.ACTIVE) {
                send(a.deviceId(), null);
                continue;
            }
            List<ConditionsVersion> versions = orders.versions(orderId);
            Messages.DevicePlan plan = new Messages.DevicePlan(orderId, a.role() == AssignmentRole.VICTIM_UNIT,
                    localTime.zone().getId(), versions.stream()
                            .map(v -> new Messages.DevicePlan.Version(v.effectiveFrom(), v.conditions().toJson(), List.of()))
                            .toList());
            send(a.deviceId(), Messages.plan(plan));
        }
    }

    private void send(String device, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(settings.plansTopic(), device, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the next start publishes every active order again
            log.error("plan of device {} not published: {}", device, e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(10));
            producer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return producer != null;
    }
}
