package io.rtml.registry.repository;

import io.rtml.contracts.card.DataCard;

/**
 * What a catalogue search asks of a version's stored facts: data-card ranges (inclusive; null: not
 * asked) and an alias that must point at it. {@code modality} / {@code labelling}: the card gives that
 * modality or labelling kind a share above 0.
 */
public record CardQuery(Double minThirdPartyShare, Double maxThirdPartyShare, Double minCompleteness,
                        Double maxCompleteness, Double minAugmentedShare, Double maxAugmentedShare,
                        Double minDataAgeDays, Double maxDataAgeDays, DataCard.ModalityKind modality,
                        DataCard.LabellingKind labelling, String alias) {

    public static final CardQuery NONE = new CardQuery(null, null, null, null, null, null, null, null, null, null, null);

    /** Whether anything is asked at all. */
    public boolean any() {
        return !equals(NONE);
    }
}
