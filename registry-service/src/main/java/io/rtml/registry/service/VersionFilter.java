package io.rtml.registry.service;

import io.rtml.registry.repository.CardQuery;

/**
 * A catalogue search of versions: the stored facts asked for ({@link CardQuery}, answered in SQL) and a
 * resiliency status (null: any), checked on the score as of the search, since it moves with time.
 */
public record VersionFilter(CardQuery card, ResiliencyStatus resiliency) {

    public static final VersionFilter NONE = new VersionFilter(CardQuery.NONE, null);

    /** Whether anything is asked of versions at all. */
    public boolean any() {
        return card.any() || resiliency != null;
    }
}
