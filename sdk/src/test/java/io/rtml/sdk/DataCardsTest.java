package io.rtml.sdk;

import io.rtml.contracts.card.DataCard;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DataCardsTest {

    private static final Instant AS_OF = Instant.parse("2026-11-21T00:00:00Z");

    private static Map<String, ValueType> schema() {
        Map<String, ValueType> schema = new LinkedHashMap<>();
        schema.put("x", ValueType.FP64);
        schema.put("n", ValueType.INT64);
        schema.put("device", ValueType.STRING);
        schema.put("vip", ValueType.BOOL);
        return schema;
    }

    /** 20 rows, x = 1..20 except row 20 = 1000 (the one outlier), n missing in 4 rows, ages 1..20 days. */
    private static List<Map<String, ?>> rows() {
        List<Map<String, ?>> rows = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("x", i == 20 ? 1000.0 : (double) i);
            row.put("n", i % 5 == 0 ? null : (long) (i % 3));
            row.put("device", i % 2 == 0 ? "mobile" : "");
            row.put("vip", i % 4 == 0);
            row.put("t", AS_OF.minusSeconds(86_400L * i));
            rows.add(row);
        }
        return rows;
    }

    @Test
    void shouldMeasureCompletenessFromMissingAndEmptyValues() {
        DataCard card = DataCards.measure(rows(), schema(), null, AS_OF).build();

        // 80 cells; n missing in 4 rows, device empty in 10 rows.
        assertThat(card.completeness()).isCloseTo(66.0 / 80.0, within(1e-12));
        assertThat(card.featureCount()).isEqualTo(4);
        assertThat(card.rows()).isEqualTo(20);
    }

    @Test
    void shouldCountValuesBeyondTukeysFencesAsOutliers() {
        DataCard card = DataCards.measure(rows(), schema(), null, AS_OF).build();

        // x: Q1 = 5.75, Q3 = 15.25, fences -8.5 .. 29.5 -> only 1000 is out; n (0..2) has none.
        assertThat(card.outlierShare()).isCloseTo(1.0 / (20 + 16), within(1e-12));
        assertThat(DataCards.outliers(List.of(1.0, 2.0, 3.0, 4.0, 100.0))).isEqualTo(1);
    }

    @Test
    void shouldShareModalitiesByValueType() {
        DataCard.Modality modality = DataCards.measure(rows(), schema(), null, AS_OF).build().modality();

        assertThat(modality.numeric()).isEqualTo(0.75);
        assertThat(modality.categorical()).isEqualTo(0.25);
        assertThat(modality.text() + modality.image() + modality.audio() + modality.video()).isZero();
    }

    @Test
    void shouldMeasureDataAgeFromEventTimes() {
        DataCard card = DataCards.measure(rows(), schema(), r -> (Instant) r.get("t"), AS_OF).build();

        assertThat(card.dataAge().oldestRecord()).isEqualTo(AS_OF.minusSeconds(86_400L * 20));
        assertThat(card.dataAge().newestRecord()).isEqualTo(AS_OF.minusSeconds(86_400L));
        assertThat(card.dataAge().medianAgeDays()).isCloseTo(10.5, within(1e-9));
    }

    @Test
    void shouldKeepWhatTheUserAddsNextToWhatWasMeasured() {
        DataCard card = DataCards.measure(rows(), schema(), null, AS_OF)
                .source("esp-events", DataCard.Party.FIRST, "2026-11-20", AS_OF.minusSeconds(86_400), AS_OF)
                .labelling(1.0, 0, 0, 0)
                .augmented(0.1, "synthetic recipients from a known generating process")
                .build();

        assertThat(card.sources()).singleElement().satisfies(s -> assertThat(s.party()).isEqualTo(DataCard.Party.FIRST));
        assertThat(card.labelling().human()).isEqualTo(1.0);
        assertThat(ServiceHttp.MAPPER.valueToTree(card).path("sources").get(0).path("party").asText()).isEqualTo("first");
    }

    @Test
    void shouldRefuseSharesOutsideZeroToOneAndMixesOverOne() {
        assertThatThrownBy(() -> DataCard.builder().outlierShare(1.5).labelling(0.6, 0.6, 0, 0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outlierShare: must be a share in [0, 1], was 1.5")
                .hasMessageContaining("labelling: shares add up to 1.2000");
        assertThatThrownBy(() -> DataCard.builder().augmented(0.2, null).build())
                .hasMessageContaining("how the data was augmented");
    }
}
