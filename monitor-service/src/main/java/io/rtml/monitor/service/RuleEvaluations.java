package io.rtml.monitor.service;

import io.rtml.monitor.rest.AlertRuleView.Evaluation;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The latest evaluation of each rule by name, kept in memory (recomputed every evaluation interval). */
@ApplicationScoped
public class RuleEvaluations {

    private final Map<String, Evaluation> latest = new ConcurrentHashMap<>();

    public void put(String rule, Evaluation evaluation) {
        latest.put(rule, evaluation);
    }

    public Optional<Evaluation> get(String rule) {
        return Optional.ofNullable(latest.get(rule));
    }

    public void remove(String rule) {
        latest.remove(rule);
    }

    /** Drops rules that no longer exist. */
    public void retain(java.util.Set<String> rules) {
        latest.keySet().retainAll(rules);
    }

    public Map<String, Evaluation> all() {
        return Map.copyOf(latest);
    }
}
