package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.rtml.registry.entity.ModelVersion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import io.rtml.contracts.card.DataCard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class ModelVersionRepository implements PanacheRepository<ModelVersion> {

    public Uni<ModelVersion> findVersion(long modelId, int version) {
        return find("modelId = ?1 and version = ?2", modelId, version).firstResult();
    }

    public Uni<List<ModelVersion>> listVersions(long modelId) {
        return find("modelId = ?1 order by version", modelId).list();
    }

    public Uni<Integer> latestVersionNumber(long modelId) {
        return find("select max(v.version) from ModelVersion v where v.modelId = ?1", modelId)
                .project(Integer.class).firstResult()
                .map(max -> max == null ? 0 : max);
    }

    public Uni<List<ModelVersion>> findByIds(Collection<Long> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1 order by modelId, version", ids);
    }

    /**
     * Versions whose data-card facts and aliases match {@code filter}. Data age is measured at {@code now} from the card's newest
     * record, else the registration. {@code modelId} null: every model.
     */
    public Uni<List<ModelVersion>> search(CardQuery filter, Long modelId, boolean includeArchived, Instant now) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (modelId != null) {
            where.add("v.modelId = :modelId");
            params.put("modelId", modelId);
        }
        if (!includeArchived) {
            where.add("v.archivedAt is null");
        }
        range(where, params, "c.thirdPartyShare", "thirdParty", filter.minThirdPartyShare(), filter.maxThirdPartyShare());
        range(where, params, "c.completeness", "completeness", filter.minCompleteness(), filter.maxCompleteness());
        range(where, params, "c.augmentedShare", "augmented", filter.minAugmentedShare(), filter.maxAugmentedShare());
        // Older than min days: newest record at or before now - min; younger than max: at or after now - max.
        if (filter.minDataAgeDays() != null) {
            where.add("coalesce(c.newestRecord, v.createdAt) <= :ageMin");
            params.put("ageMin", now.minus(days(filter.minDataAgeDays())));
        }
        if (filter.maxDataAgeDays() != null) {
            where.add("coalesce(c.newestRecord, v.createdAt) >= :ageMax");
            params.put("ageMax", now.minus(days(filter.maxDataAgeDays())));
        }
        if (filter.modality() != null) {
            where.add("c." + modalityField(filter.modality()) + " > 0");
        }
        if (filter.labelling() != null) {
            where.add("c." + labellingField(filter.labelling()) + " > 0");
        }
        if (filter.alias() != null) {
            where.add("exists (select 1 from ModelAlias a where a.modelId = v.modelId and a.version = v.version"
                    + " and a.alias = :alias)");
            params.put("alias", filter.alias());
        }
        String query = "select v from ModelVersion v left join VersionDataCard c on c.versionId = v.id"
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where)) + " order by v.modelId, v.version";
        return find(query, params).list();
    }

    private static void range(List<String> where, Map<String, Object> params, String field, String name, Double min,
                              Double max) {
        if (min != null) {
            where.add(field + " >= :" + name + "Min");
            params.put(name + "Min", min);
        }
        if (max != null) {
            where.add(field + " <= :" + name + "Max");
            params.put(name + "Max", max);
        }
    }

    private static Duration days(double days) {
        return Duration.ofMillis(Math.round(days * 86_400_000.0));
    }

    private static String modalityField(DataCard.ModalityKind kind) {
        return switch (kind) {
            case NUMERIC -> "modalityNumeric";
            case CATEGORICAL -> "modalityCategorical";
            case TEXT -> "modalityText";
            case IMAGE -> "modalityImage";
            case AUDIO -> "modalityAudio";
            case VIDEO -> "modalityVideo";
            case TIME_SERIES -> "modalityTimeSeries";
        };
    }

    private static String labellingField(DataCard.LabellingKind kind) {
        return switch (kind) {
            case HUMAN -> "labellingHuman";
            case SEMI_SUPERVISED -> "labellingSemiSupervised";
            case THIRD_PARTY -> "labellingThirdParty";
            case OBSERVED -> "labellingObserved";
        };
    }

    /** Live versions: an alias points at them, or a model's route names them as challenger. */
    public Uni<List<ModelVersion>> live() {
        return list("select v from ModelVersion v where v.archivedAt is null and ("
                + "exists (select 1 from ModelAlias a where a.modelId = v.modelId and a.version = v.version)"
                + " or exists (select 1 from ModelRoute r where r.modelId = v.modelId and r.challenger = v.version))"
                + " order by v.modelId, v.version");
    }
}
