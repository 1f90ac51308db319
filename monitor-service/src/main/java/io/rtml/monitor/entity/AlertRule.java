package io.rtml.monitor.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An alert rule: a metric of a model's newest version over a window, compared with a threshold. */
@Entity
@Table(name = "alert_rule")
public class AlertRule {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String name;

    @Column(nullable = false)
    public String model;

    @Column(nullable = false)
    public String metric;

    public String feature;

    @Column(nullable = false)
    public String operator;

    @Column(nullable = false)
    public double threshold;

    /** ISO-8601 duration. */
    @Column(name = "window_length", nullable = false)
    public String window;

    /** ISO-8601 duration. */
    @Column(nullable = false)
    public String cooldown;

    @Column(nullable = false)
    public String severity;

    @Column(nullable = false)
    public String action;

    /** feature_drift only: false alarms allowed in 30 days, turned into the per-window alpha. */
    @Column(name = "false_alarms_per_30_days", nullable = false)
    public double falseAlarmsPer30Days;

    /** feature_drift only: PSI a significant shift needs to count as drift. */
    @Column(name = "min_effect_size", nullable = false)
    public double minEffectSize;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_fired_at")
    public Instant lastFiredAt;
}
