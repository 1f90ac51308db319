package io.rtml.registry.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtml.contracts.card.DataCard;
import io.rtml.contracts.lineage.TrainingSetSnapshot;
import io.rtml.registry.entity.VersionDataCard;

import java.util.List;

/**
 * Reads the data card and training-set snapshot of a version upload: first their shape ({@link RecordShape}),
 * then the contract's own rules ({@link DataCard#problems()}, {@link TrainingSetSnapshot#problems()}), every
 * problem prefixed with its path in the metadata. And turns a valid card into the facts the catalogue
 * filters by.
 */
final class DataCardCheck {

    private DataCardCheck() {
    }

    /** The card, or null when there is none or it has problems (added to {@code problems}). */
    static DataCard card(JsonNode node, ObjectMapper mapper, List<String> problems) {
        return read(node, DataCard.class, "dataCard", mapper, problems);
    }

    /** The snapshot, or null when there is none or it has problems (added to {@code problems}). */
    static TrainingSetSnapshot trainingSet(JsonNode node, ObjectMapper mapper, List<String> problems) {
        return read(node, TrainingSetSnapshot.class, "trainingSet", mapper, problems);
    }

    private static <T> T read(JsonNode node, Class<T> type, String path, ObjectMapper mapper, List<String> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> shape = RecordShape.problems(node, type, path);
        if (!shape.isEmpty()) {
            problems.addAll(shape);
            return null;
        }
        T value;
        try {
            value = mapper.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            problems.add(path + ": does not read as a " + path + " (" + (e instanceof JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()) + ")");
            return null;
        }
        List<String> rules = value instanceof DataCard c ? c.problems() : ((TrainingSetSnapshot) value).problems();
        if (!rules.isEmpty()) {
            rules.forEach(p -> problems.add(path + "." + p));
            return null;
        }
        return value;
    }

    /** The searchable facts of a valid card. */
    static VersionDataCard facts(long versionId, DataCard card) {
        VersionDataCard f = new VersionDataCard();
        f.versionId = versionId;
        f.thirdPartyShare = card.thirdPartyShare();
        f.completeness = card.completeness();
        f.augmentedShare = card.augmentedShare();
        f.newestRecord = card.newestRecord();
        DataCard.Modality m = card.modality();
        if (m != null) {
            f.modalityNumeric = m.numeric();
            f.modalityCategorical = m.categorical();
            f.modalityText = m.text();
            f.modalityImage = m.image();
            f.modalityAudio = m.audio();
            f.modalityVideo = m.video();
            f.modalityTimeSeries = m.timeSeries();
        }
        DataCard.Labelling l = card.labelling();
        if (l != null) {
            f.labellingHuman = l.human();
            f.labellingSemiSupervised = l.semiSupervised();
            f.labellingThirdParty = l.thirdParty();
            f.labellingObserved = l.observed();
        }
        return f;
    }
}
