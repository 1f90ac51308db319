package io.rtml.monitor.messaging;

import io.rtml.contracts.event.GroundTruthEvent;

/** Value deserializer of {@code rtml.ground-truth}. */
public class GroundTruthEventDeserializer extends LenientJsonDeserializer<GroundTruthEvent> {

    public GroundTruthEventDeserializer() {
        super(GroundTruthEvent.class);
    }
}
