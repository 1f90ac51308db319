package io.rtml.monitor.messaging;

import io.rtml.contracts.event.OutcomeEvent;

/** Value deserializer of {@code rtml.outcomes}. */
public class OutcomeEventDeserializer extends LenientJsonDeserializer<OutcomeEvent> {

    public OutcomeEventDeserializer() {
        super(OutcomeEvent.class);
    }
}
