package io.rtml.monitor.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One firing of an alert rule and what its action did. */
@Entity
@Table(name = "alert")
public class Alert {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String rule;

    @Column(nullable = false)
    public String model;

    @Column(nullable = false)
    public int version;

    @Column(nullable = false)
    public String metric;

    public String feature;

    @Column(nullable = false)
    public String operator;

    @Column(nullable = false)
    public String severity;

    @Column(nullable = false)
    public double value;

    @Column(nullable = false)
    public double threshold;

    @Column(name = "window_length", nullable = false)
    public String window;

    @Column(nullable = false)
    public String action;

    /** {@code none}, {@code pending}, {@code succeeded} or {@code failed}. */
    @Column(name = "action_status", nullable = false)
    public String actionStatus;

    @Column(name = "action_result")
    public String actionResult;

    @Column(nullable = false)
    public boolean published;

    @Column(name = "fired_at", nullable = false)
    public Instant firedAt;
}
