package org.alterna.scaleout;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the scale-out topology ({@code alterna.scaleout.*}); without roles none of it runs.
 *
 * @param roles              what this node does: {@code GATEWAY}, {@code ENGINE}, {@code APPLICATION} (any mix)
 * @param bootstrapServers   Kafka brokers, {@code host:port,...}
 * @param topicPrefix        prefix of the topics ({@code <prefix>.records}, {@code .plans}, {@code .alarms})
 * @param partitions         partitions of each topic, created if missing (the most engine instances that share work)
 * @param replicationFactor  copies of each partition and changelog (3 in production)
 * @param minInsyncReplicas  copies that must have a record before it is acknowledged (2 in production)
 * @param applicationId      the engine's Kafka Streams application id (its consumer group, its internal topics)
 * @param stateDir           where an engine node keeps its state stores (RocksDB)
 * @param engineThreads      stream threads per engine node
 * @param standbyReplicas    warm copies of each partition's state on other engine nodes (fast failover)
 * @param tickInterval       how often the engine judges silences and schedule ends on the clock (0 = never)
 * @param pendingLimit       records a gateway node may have awaiting the brokers' acknowledgement before it stops reading
 */
@ConfigurationProperties("alterna.scaleout")
public record ScaleoutSettings(Set<Role> roles, String bootstrapServers, String topicPrefix, Integer partitions,
        Short replicationFactor, Integer minInsyncReplicas, String applicationId, String stateDir, Integer engineThreads,
        Integer standbyReplicas, Duration tickInterval, Integer pendingLimit) {

    /** What a node does in the scale-out topology. */
    public enum Role { GATEWAY, ENGINE, APPLICATION }

    public ScaleoutSettings {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        bootstrapServers = bootstrapServers == null ? "localhost:9092" : bootstrapServers;
        topicPrefix = topicPrefix == null ? "alterna" : topicPrefix;
        partitions = partitions == null ? 12 : partitions;
        replicationFactor = replicationFactor == null ? 3 : replicationFactor;
        minInsyncReplicas = minInsyncReplicas == null ? Math.min(2, replicationFactor) : minInsyncReplicas;
        applicationId = applicationId == null ? "alterna-engine" : applicationId;
        stateDir = stateDir == null ? "data/engine-state" : stateDir;
        engineThreads = engineThreads == null ? 1 : engineThreads;
        standbyReplicas = standbyReplicas == null ? 0 : standbyReplicas;
        tickInterval = tickInterval == null ? Duration.ofSeconds(15) : tickInterval;
        pendingLimit = pendingLimit == null ? 50_000 : pendingLimit;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public String recordsTopic() {
        return topicPrefix + ".records";
    }

    public String plansTopic() {
        return topicPrefix + ".plans";
    }

    public String alarmsTopic() {
        return topicPrefix + ".alarms";
    }
}
