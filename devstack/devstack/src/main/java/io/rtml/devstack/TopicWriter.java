package io.rtml.devstack;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;

/** Test helper, the writing side of {@link TopicReader}: a real producer of JSON strings, acks from all replicas. */
public final class TopicWriter {

    private TopicWriter() {
    }

    public static KafkaProducer<String, String> stringProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }
}
