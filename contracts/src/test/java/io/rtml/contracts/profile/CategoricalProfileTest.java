package io.rtml.contracts.profile;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CategoricalProfileTest {

    @Test
    void shouldKeepTheMostFrequentCategoriesAndBucketTheRestAsOther() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            values.add("mobile");
        }
        for (int i = 0; i < 30; i++) {
            values.add("desktop");
        }
        values.add("tablet");
        CategoricalProfile profile = CategoricalProfile.withCategoriesFrom(values, 2);
        values.forEach(profile::add);
        assertThat(profile.categories()).containsOnlyKeys("desktop", "mobile");
        assertThat(profile.categories().get("mobile")).isEqualTo(50);
        assertThat(profile.other()).isEqualTo(1);
        assertThat(profile.count()).isEqualTo(81);
    }

    @Test
    void shouldSendUnseenLiveCategoriesToOtherAndKeepBaselineCategories() {
        CategoricalProfile baseline = CategoricalProfile.withCategories(List.of("a", "b"));
        CategoricalProfile live = baseline.emptyCopy();
        live.add("a");
        live.add("zzz");
        live.add(null);
        assertThat(live.categories()).containsEntry("a", 1L).containsEntry("b", 0L);
        assertThat(live.other()).isEqualTo(1);
        assertThat(live.missing()).isEqualTo(1);
    }

    @Test
    void shouldMergeCountsPerCategory() {
        CategoricalProfile left = CategoricalProfile.withCategories(List.of("a", "b"));
        CategoricalProfile right = left.emptyCopy();
        left.add("a");
        right.add("a");
        right.add("b");
        right.add("c");
        left.merge(right);
        assertThat(left.categories()).containsEntry("a", 2L).containsEntry("b", 1L);
        assertThat(left.other()).isEqualTo(1);
    }
}
