package io.rtml.registry.service;

import io.rtml.contracts.event.LifecycleEventType;
import io.rtml.registry.entity.LifecycleEventRow;

import java.util.ArrayList;
import java.util.List;

/**
 * The chain of champions a rollback walks back along, replayed from the audit log (the history is the
 * log itself, so it cannot drift from what happened). Setting champion pushes the version (unless it is
 * already on top); a rollback to version n pops the chain down to n. So repeated rollbacks walk further
 * back (3 → 2 → 1) instead of toggling between the last two, and a champion rolled away from is only
 * ever reached again by setting it anew, through the gate.
 */
final class ChampionHistory {

    private ChampionHistory() {
    }

    /**
     * @param rows the model's {@code alias-set} and {@code rolled-back} rows for champion, oldest first
     * @return the chain, oldest first; the last entry is the current champion
     */
    static List<Integer> replay(List<LifecycleEventRow> rows) {
        List<Integer> chain = new ArrayList<>();
        for (LifecycleEventRow row : rows) {
            if (LifecycleOutbox.wireName(LifecycleEventType.ROLLED_BACK).equals(row.type)) {
                popTo(chain, row.version);
            } else if (chain.isEmpty() || last(chain) != row.version) {
                chain.add(row.version);
            }
        }
        return chain;
    }

    /**
     * Where a rollback from the top of {@code chain} lands: the entry below the top, or with
     * {@code toVersion} the nearest entry below the top holding that version; null when there is none.
     */
    static Integer target(List<Integer> chain, Integer toVersion) {
        for (int i = chain.size() - 2; i >= 0; i--) {
            if (toVersion == null || chain.get(i).intValue() == toVersion) {
                return chain.get(i);
            }
        }
        return null;
    }

    /** Removes the top, then every entry above the nearest {@code version}; a version not on the chain is pushed. */
    private static void popTo(List<Integer> chain, int version) {
        if (!chain.isEmpty()) {
            chain.remove(chain.size() - 1);
        }
        while (!chain.isEmpty() && last(chain) != version) {
            chain.remove(chain.size() - 1);
        }
        if (chain.isEmpty()) {
            chain.add(version);
        }
    }

    private static int last(List<Integer> chain) {
        return chain.get(chain.size() - 1);
    }
}
