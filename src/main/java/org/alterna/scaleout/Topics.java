package org.alterna.scaleout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topology's topics, created if missing: records and plans share their partition count, so that a device's
 * records and its plan meet in the same engine task (co-partitioned, both keyed by device).
 */
public final class Topics {
    private Topics() {
    }

    /** Creates the records, plans and alarms topics that do not exist yet. */
    public static void ensure(ScaleoutSettings s) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            String isr = Integer.toString(s.minInsyncReplicas());
            List<NewTopic> wanted = new ArrayList<>();
            wanted.add(new NewTopic(s.recordsTopic(), s.partitions(), s.replicationFactor())
                    .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, isr)));
            wanted.add(new NewTopic(s.plansTopic(), s.partitions(), s.replicationFactor())
                    .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, isr,
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            wanted.add(new NewTopic(s.alarmsTopic(), s.partitions(), s.replicationFactor())
                    .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, isr)));
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another node created it meanwhile: fine
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the scale-out topics on " + s.bootstrapServers(), e);
        }
    }
}
