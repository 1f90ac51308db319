package io.rtml.contracts.card;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DataCardTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-20T00:00:00Z");

    @Test
    void shouldNameEveryBrokenRuleByItsFieldPath() {
        DataCard card = new DataCard(
                List.of(new DataCard.Source("esp", DataCard.Party.FIRST, "v1", new DataCard.TimeRange(T1, T0)),
                        new DataCard.Source("", null, null, null)),
                new DataCard.Modality(0.5, 0.2, 0.0, 0.0, 0.0, 0.0, 1.2), 3, 100L, 7.0, -3.0, 0.1, null, 0.0, 0.0, 0.0,
                1.0, new DataCard.Labelling(0.2, 0.0, 0.0, 1.5), new DataCard.DataAge(T1, T0, 3.0));

        assertThat(card.problems()).containsExactlyInAnyOrder(
                "completeness: must be a share in [0, 1], was 7.0",
                "imputedShare: must be a share in [0, 1], was -3.0",
                "augmentation: augmentedShare > 0 needs a description of how the data was augmented",
                "sources[0].timeRange: from " + T1 + " is after to " + T0,
                "sources[1].name: is required",
                "sources[1].party: is required, one of first, third",
                "modality.timeSeries: must be a share in [0, 1], was 1.2",
                "modality: numeric, categorical, text, image, audio and video shares add up to 0.7000, not 1 (tolerance 0.001)",
                "labelling.observed: must be a share in [0, 1], was 1.5",
                "labelling: shares add up to 1.7000, more than 1",
                "dataAge: oldestRecord " + T1 + " is after newestRecord " + T0);
    }

    @Test
    void shouldAcceptACardThatGivesOnlySomeFacts() {
        DataCard card = new DataCard(List.of(new DataCard.Source("esp", DataCard.Party.FIRST, null, null)), null, null,
                null, 0.98, null, null, null, null, null, null, null, null, null);

        assertThat(card.problems()).isEmpty();
    }

    @Test
    void shouldTakeTheThirdPartyShareFromSourceSharesElseFromTheSourceCount() {
        DataCard shared = DataCard.builder()
                .source("esp", DataCard.Party.FIRST, "v1", T0, T1, 0.7)
                .source("broker", DataCard.Party.THIRD, "v3", T0, T1, 0.3).build();
        DataCard counted = DataCard.builder()
                .source("esp", DataCard.Party.FIRST, "v1", T0, T1)
                .source("broker", DataCard.Party.THIRD, "v3", T0, T1)
                .source("panel", DataCard.Party.THIRD, "v1", T0, T1).build();

        assertThat(shared.thirdPartyShare()).isCloseTo(0.3, within(1e-12));
        assertThat(counted.thirdPartyShare()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(DataCard.builder().build().thirdPartyShare()).isNull();
    }

    @Test
    void shouldRefuseSourceSharesThatDoNotAddUpOrAreGivenForOnlySome() {
        assertThatThrownBy(() -> DataCard.builder().source("a", DataCard.Party.FIRST, null, T0, T1, 0.5)
                .source("b", DataCard.Party.THIRD, null, T0, T1, 0.2).build())
                .hasMessageContaining("sources: shares add up to 0.7000, not 1");
        assertThatThrownBy(() -> DataCard.builder().source("a", DataCard.Party.FIRST, null, T0, T1, 1.0)
                .source("b", DataCard.Party.THIRD, null, T0, T1).build())
                .hasMessageContaining("give a share for every source or for none");
    }

    @Test
    void shouldTakeTheNewestRecordFromDataAgeElseFromTheLatestSourceRange() {
        DataCard bySource = DataCard.builder().source("a", DataCard.Party.FIRST, null, T0, T0)
                .source("b", DataCard.Party.FIRST, null, T0, T1).build();
        DataCard byAge = DataCard.builder().source("a", DataCard.Party.FIRST, null, T0, T1)
                .dataAge(new DataCard.DataAge(T0, T0, 1.0)).build();

        assertThat(bySource.newestRecord()).isEqualTo(T1);
        assertThat(byAge.newestRecord()).isEqualTo(T0);
    }
}
