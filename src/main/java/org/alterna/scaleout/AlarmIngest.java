package org.alterna.scaleout;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.alterna.supervision.SupervisionLog;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An application node keeps the engine's alarm changes (the alarms topic, committed transactions only) in the
 * database exactly once: each batch of a partition is saved with the partition's next offset in one transaction
 * ({@code scaleout_offset}), and a node that gets a partition starts from the offset saved there, not from Kafka's. The
 * offset is advanced only from the value the node started from, so a node that lost the partition without noticing
 * cannot save a batch another node already saved. The alarm desk follows the saved changes as in one process.
 */
final class AlarmIngest implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(AlarmIngest.class);
    static final String CONSUMER = "engine-alarms";

    private final ScaleoutSettings settings;
    private final SupervisionLog supervisionLog;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Map<String, Object> overrides;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final AtomicLong saved = new AtomicLong();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    AlarmIngest(ScaleoutSettings settings, SupervisionLog supervisionLog, JdbcClient jdbc,
            PlatformTransactionManager transactions, Clock clock, Map<String, Object> overrides) {
        this.settings = settings;
        this.supervisionLog = supervisionLog;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.overrides = overrides;
    }

    /** Alarm changes this node saved since it started. */
    long saved() {
        return saved.get();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        consumer = ApplicationConsumers.create(settings, "alterna-application-alarms", 1000, overrides,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        running = true;
        thread = new Thread(this::run, "scaleout-alarm-ingest");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        KafkaConsumer<String, byte[]> c = consumer;
        try {
            c.subscribe(List.of(settings.alarmsTopic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(positions::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    for (TopicPartition tp : partitions) {
                        seekToSaved(c, tp);
                    }
                }
            });
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                for (TopicPartition tp : records.partitions()) {
                    save(c, tp, records.records(tp));
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("alarm ingest stopped", e);
        } finally {
            c.close(Duration.ofSeconds(5));
        }
    }

    private void seekToSaved(KafkaConsumer<String, byte[]> c, TopicPartition tp) {
        long next = savedOffset(tp);
        c.seek(tp, next);
        positions.put(tp, next);
    }

    private long savedOffset(TopicPartition tp) {
        return jdbc.sql("select next_offset from scaleout_offset where consumer = ? and topic = ? and partition_no = ?")
                .params(CONSUMER, tp.topic(), tp.partition()).query(Long.class).optional().orElse(0L);
    }

    private void save(KafkaConsumer<String, byte[]> c, TopicPartition tp, List<ConsumerRecord<String, byte[]>> batch) {
        Long from = positions.get(tp);
        if (from == null || batch.isEmpty()) {
            return;
        }
        List<SupervisionLog.LoggedAlarm> alarms = new ArrayList<>(batch.size());
        long next = from;
        for (ConsumerRecord<String, byte[]> r : batch) {
            if (r.offset() < from) {
                continue;
            }
            Messages.EngineAlarm a = Messages.alarm(r.value());
            alarms.add(new SupervisionLog.LoggedAlarm(0, a.orderId(), null, a.event()));
            next = r.offset() + 1;
        }
        if (next == from) {
            return;
        }
        long to = next;
        Boolean ok;
        try {
            ok = tx.execute(status -> {
            jdbc.sql("update scaleout_lock set n = n + 1 where name = ?").param(CONSUMER).update();
            int moved = from == 0
                    ? insertFirst(tp, to)
                    : jdbc.sql("update scaleout_offset set next_offset = ? where consumer = ? and topic = ?"
                            + " and partition_no = ? and next_offset = ?")
                            .params(to, CONSUMER, tp.topic(), tp.partition(), from).update();
            if (moved != 1) {
                status.setRollbackOnly();
                return false;
            }
            supervisionLog.append(alarms, clock.instant());
            return true;
            });
        } catch (org.springframework.dao.DuplicateKeyException e) {
            ok = false; // another node saved this partition's first batch
        }
        if (Boolean.TRUE.equals(ok)) {
            positions.put(tp, to);
            saved.addAndGet(alarms.size());
        } else {
            log.warn("{}: another node saved past offset {}, resuming from the saved offset", tp, from);
            seekToSaved(c, tp);
        }
    }

    private int insertFirst(TopicPartition tp, long to) {
        int exists = jdbc.sql("select count(*) from scaleout_offset where consumer = ? and topic = ? and partition_no = ?")
                .params(CONSUMER, tp.topic(), tp.partition()).query(Integer.class).single();
        if (exists > 0) {
            return jdbc.sql("update scaleout_offset set next_offset = ? where consumer = ? and topic = ?"
                    + " and partition_no = ? and next_offset = 0").params(to, CONSUMER, tp.topic(), tp.partition())
                    .update();
        }
        return jdbc.sql("insert into scaleout_offset (consumer, topic, partition_no, next_offset) values (?,?,?,?)")
                .params(CONSUMER, tp.topic(), tp.partition(), to).update();
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
