package io.rtml.monitor.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtml.contracts.event.PredictionEvent;
import io.rtml.contracts.event.Route;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test helper: sends {@link Traffic} rows to {@code rtml.predictions} as the inference service would. */
public final class Predictions {

    private Predictions() {
    }

    /** One prediction per row, request ids {@code prefix-i}, output the row's {@code __prediction__}. */
    public static List<PredictionEvent> send(KafkaProducer<String, String> producer, ObjectMapper mapper, String model,
                                             int version, List<Map<String, Object>> rows, String requestPrefix)
            throws Exception {
        Instant now = Instant.now();
        List<PredictionEvent> sent = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> inputs = new HashMap<>(rows.get(i));
            String output = (String) inputs.remove("__prediction__");
            PredictionEvent e = new PredictionEvent(requestPrefix + "-" + i, "tenant-a", model, version, Route.CHAMPION,
                    inputs, output, Map.of(output, 0.7), 3.5, now);
            sent.add(e);
            producer.send(new ProducerRecord<>("rtml.predictions", model, mapper.writeValueAsString(e)));
        }
        producer.flush();
        return sent;
    }
}
