package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.rtml.registry.entity.Model;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class ModelRepository implements PanacheRepository<Model> {

    public Uni<Model> findByName(String name) {
        return find("name", name).firstResult();
    }

    public Uni<List<Model>> findByNames(Collection<String> names) {
        return names.isEmpty() ? Uni.createFrom().item(List.of()) : list("name in ?1", names);
    }

    public Uni<List<Model>> findByIds(Collection<Long> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }

    /** The model row locked until the transaction ends: version numbers, aliases and archiving of one model serialise on it. */
    public Uni<Model> lock(Model model) {
        return findById(model.id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Catalogue search; every filter is optional, {@code text} matches name or description, {@code ids} (null:
     * any) limits it to those models.
     */
    public Uni<List<Model>> search(String industry, String ingestionMode, String tag, String text, Collection<Long> ids) {
        if (ids != null && ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (ids != null) {
            where.add("id in :ids");
            params.put("ids", ids);
        }
        if (industry != null) {
            where.add("industry = :industry");
            params.put("industry", industry);
        }
        if (ingestionMode != null) {
            where.add("ingestionMode = :mode");
            params.put("mode", ingestionMode);
        }
        if (tag != null) {
            where.add("tags like :tag");
            params.put("tag", "%\"" + tag.replace("\"", "") + "\"%");
        }
        if (text != null) {
            where.add("(lower(name) like :text or lower(coalesce(description, '')) like :text)");
            params.put("text", "%" + text.toLowerCase() + "%");
        }
        String query = (where.isEmpty() ? "" : String.join(" and ", where)) + " order by name";
        return find(query.trim(), params).list();
    }
}
