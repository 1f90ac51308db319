package io.rtml.inference.messaging;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;
import io.rtml.contracts.event.ModelLifecycleEvent;

/** JSON → {@link ModelLifecycleEvent} for the {@code model-lifecycle} channel. */
public class LifecycleEventDeserializer extends ObjectMapperDeserializer<ModelLifecycleEvent> {

    public LifecycleEventDeserializer() {
        super(ModelLifecycleEvent.class);
    }
}
