package io.rtml.contracts.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InferenceResultEventTest {

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void shouldWriteAStreamAnswerExactlyAsBeforeJobsExisted() throws Exception {
        String json = mapper.writeValueAsString(new InferenceResultEvent("r-1", "fraud", 3, "legit",
                Map.of("legit", 1.0), null));
        assertThat(json).isEqualTo("{\"requestId\":\"r-1\",\"model\":\"fraud\",\"version\":3,\"output\":\"legit\","
                + "\"scores\":{\"legit\":1.0},\"error\":null}");
    }

    @Test
    void shouldReadAnAnswerWrittenBeforeJobsExisted() throws Exception {
        InferenceResultEvent old = mapper.readValue("{\"requestId\":\"r-1\",\"model\":\"fraud\",\"version\":3,"
                + "\"output\":\"legit\",\"scores\":null,\"error\":null}", InferenceResultEvent.class);
        assertThat(old.jobId()).isNull();
        assertThat(old.entityKey()).isNull();
        assertThat(old.output()).isEqualTo("legit");
    }

    @Test
    void shouldCarryTheJobAndEntityKeyOfABulkJobAnswer() throws Exception {
        InferenceResultEvent answer = new InferenceResultEvent("j/7", "send-time", 1, "w3", null, null, "j", "b-8");
        InferenceResultEvent read = mapper.readValue(mapper.writeValueAsString(answer), InferenceResultEvent.class);
        assertThat(read).isEqualTo(answer);
    }
}
