package io.rtml.monitor.messaging;

import io.rtml.contracts.event.PredictionEvent;

/** Value deserializer of {@code rtml.predictions}. */
public class PredictionEventDeserializer extends LenientJsonDeserializer<PredictionEvent> {

    public PredictionEventDeserializer() {
        super(PredictionEvent.class);
    }
}
