package io.rtml.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Creates the topics whose partition count matters before any service starts (a topic auto-created by
 * a first consumer gets the broker default, and the consumer group could never spread over more
 * replicas than that). An existing topic with fewer partitions is grown; one with more is left alone.
 */
public final class KafkaTopics {

    /** Topics scored by a consumer group, with the launcher's default partition count. */
    public static final Map<String, Integer> DEFAULTS = defaults(12);

    private KafkaTopics() {
    }

    public static Map<String, Integer> defaults(int partitions) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put("rtml.inference-requests", partitions);
        topics.put("rtml.scoring-jobs", partitions);
        return topics;
    }

    /** Parses {@code name=partitions[,name=partitions...]}. */
    public static Map<String, Integer> parse(String spec) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String[] parts = entry.trim().split("=", 2);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("not name=partitions: '" + entry + "'");
            }
            int partitions = Integer.parseInt(parts[1].trim());
            if (partitions < 1) {
                throw new IllegalArgumentException(parts[0] + " needs at least one partition, not " + partitions);
            }
            topics.put(parts[0].trim(), partitions);
        }
        return topics;
    }

    public static void ensure(String bootstrapServers, Map<String, Integer> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> create = topics.entrySet().stream().filter(t -> !existing.contains(t.getKey()))
                    .map(t -> new NewTopic(t.getKey(), t.getValue(), (short) 1)).toList();
            if (!create.isEmpty()) {
                admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
            }
            List<String> present = topics.keySet().stream().filter(existing::contains).toList();
            if (present.isEmpty()) {
                return;
            }
            Map<String, TopicDescription> described = admin.describeTopics(present).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            Map<String, NewPartitions> grow = new LinkedHashMap<>();
            described.forEach((name, d) -> {
                if (d.partitions().size() < topics.get(name)) {
                    grow.put(name, NewPartitions.increaseTo(topics.get(name)));
                }
            });
            if (!grow.isEmpty()) {
                admin.createPartitions(grow).all().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
