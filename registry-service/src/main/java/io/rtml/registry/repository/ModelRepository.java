package io.rtml.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.rtml.registry.entity.Model;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class ModelRepository implements PanacheRepository<Model> {

    public Uni<Model> findByName(String name) {
        return find("name", name).firstResult();
    }

    /** Catalogue search; every filter is optional, {@code text} matches name or description. */
    public Uni<List<Model>> search(String industry, String ingestionMode, String tag, String text) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
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
