package io.rtml.registry.service;

import io.rtml.registry.entity.LifecycleEventRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChampionHistoryTest {

    private static LifecycleEventRow row(String type, int version) {
        LifecycleEventRow r = new LifecycleEventRow();
        r.type = type;
        r.version = version;
        return r;
    }

    private static List<LifecycleEventRow> sets(int... versions) {
        List<LifecycleEventRow> rows = new ArrayList<>();
        for (int v : versions) {
            rows.add(row("alias-set", v));
        }
        return rows;
    }

    @Test
    void shouldWalkFurtherBackOnEveryRollbackInsteadOfTogglingBetweenTheLastTwo() {
        List<LifecycleEventRow> rows = sets(1, 2, 3);
        assertThat(ChampionHistory.target(ChampionHistory.replay(rows), null)).isEqualTo(2);
        rows.add(row("rolled-back", 2));
        assertThat(ChampionHistory.replay(rows)).containsExactly(1, 2);
        assertThat(ChampionHistory.target(ChampionHistory.replay(rows), null)).isEqualTo(1);
        rows.add(row("rolled-back", 1));
        assertThat(ChampionHistory.replay(rows)).containsExactly(1);
        assertThat(ChampionHistory.target(ChampionHistory.replay(rows), null)).isNull();
    }

    @Test
    void shouldJumpDownToARequestedEarlierChampionAndForgetTheOnesAboveIt() {
        List<LifecycleEventRow> rows = sets(1, 2, 3, 4);
        List<Integer> chain = ChampionHistory.replay(rows);
        assertThat(ChampionHistory.target(chain, 2)).isEqualTo(2);
        assertThat(ChampionHistory.target(chain, 4)).as("the current champion is no earlier champion").isNull();
        assertThat(ChampionHistory.target(chain, 7)).isNull();
        rows.add(row("rolled-back", 2));
        assertThat(ChampionHistory.replay(rows)).containsExactly(1, 2);
    }

    @Test
    void shouldPushAChampionSetAgainAfterARollbackOnTopOfWhatRemains() {
        List<LifecycleEventRow> rows = sets(1, 2, 3);
        rows.add(row("rolled-back", 2));
        rows.add(row("alias-set", 5));
        rows.add(row("alias-set", 5));
        assertThat(ChampionHistory.replay(rows)).containsExactly(1, 2, 5);
        assertThat(ChampionHistory.target(ChampionHistory.replay(rows), null)).isEqualTo(2);
    }
}
