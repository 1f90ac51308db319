package io.rtml.monitor.messaging;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/**
 * JSON into a contracts record with Quarkus's ObjectMapper; a value that does not parse becomes
 * {@code null} instead of failing the channel, and the consumer counts and skips it.
 */
public class LenientJsonDeserializer<T> extends ObjectMapperDeserializer<T> {

    public LenientJsonDeserializer(Class<T> type) {
        super(type);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        try {
            return super.deserialize(topic, data);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
