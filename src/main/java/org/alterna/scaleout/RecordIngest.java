package org.alterna.scaleout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.alterna.telemetry.BatchWriter;
import org.alterna.telemetry.Fix;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * An application node stores the records of the records topic in the database in batches, through the same store as
 * one process ({@link BatchWriter}: group commits, a record already stored is skipped by the database). The consumer's
 * offsets are committed only after the batch is stored: a node that dies re-reads at most its last batch, which the
 * store then skips — idempotent, nothing lost.
 */
final class RecordIngest implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RecordIngest.class);
    private final ScaleoutSettings settings;
    private final BatchWriter writer;
    private final Map<String, Object> overrides;
    private final AtomicLong stored = new AtomicLong();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    RecordIngest(ScaleoutSettings settings, BatchWriter writer, Map<String, Object> overrides) {
        this.settings = settings;
        this.writer = writer;
        this.overrides = overrides;
    }

    /** Records handed to the store since this node started. */
    long stored() {
        return stored.get();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        consumer = ApplicationConsumers.create(settings, "alterna-application-records", 5000, overrides,
                Map.of());
        running = true;
        thread = new Thread(this::run, "scaleout-record-ingest");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        KafkaConsumer<String, byte[]> c = consumer;
        try {
            c.subscribe(List.of(settings.recordsTopic()));
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<Fix> fixes = new ArrayList<>(records.count());
                Map<TopicPartition, Long> first = new HashMap<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
                    fixes.add(Messages.fix(r.value()));
                }
                try {
                    writer.submit(fixes).get(60, TimeUnit.SECONDS);
                    c.commitSync();
                    stored.addAndGet(fixes.size());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    log.warn("records not stored, reading them again: {}", e.toString());
                    first.forEach(c::seek);
                    Thread.sleep(1000);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("record ingest stopped", e);
        } finally {
            c.close(Duration.ofSeconds(5));
        }
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

    /** Stops after the gateway (which may still hand records) and before the store. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2;
    }
}
