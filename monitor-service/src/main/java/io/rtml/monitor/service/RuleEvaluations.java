package io.rtml.monitor.service;

import io.rtml.contracts.event.Route;
import io.rtml.monitor.rest.AlertRuleView.Evaluation;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest evaluation of each rule by name, against the champion and (while a route is active) the
 * challenger, kept in memory (recomputed every evaluation interval).
 */
@ApplicationScoped
public class RuleEvaluations {

    private final Map<String, Evaluation> champion = new ConcurrentHashMap<>();
    private final Map<String, Evaluation> challenger = new ConcurrentHashMap<>();

    public void put(String rule, Route route, Evaluation evaluation) {
        (route == Route.CHALLENGER ? challenger : champion).put(rule, evaluation);
    }

    /** The rule's champion evaluation. */
    public Optional<Evaluation> get(String rule) {
        return Optional.ofNullable(champion.get(rule));
    }

    public Optional<Evaluation> challenger(String rule) {
        return Optional.ofNullable(challenger.get(rule));
    }

    /** Forgets the challenger evaluation once the model's route is off. */
    public void clearChallenger(String rule) {
        challenger.remove(rule);
    }

    public void remove(String rule) {
        champion.remove(rule);
        challenger.remove(rule);
    }

    /** Drops rules that no longer exist. */
    public void retain(Set<String> rules) {
        champion.keySet().retainAll(rules);
        challenger.keySet().retainAll(rules);
    }

    /** Whether the rule's condition held at its last evaluation, on the champion or the challenger. */
    public boolean firing(String rule) {
        return isFiring(champion.get(rule)) || isFiring(challenger.get(rule));
    }

    private static boolean isFiring(Evaluation e) {
        return e != null && "firing".equals(e.state());
    }
}
