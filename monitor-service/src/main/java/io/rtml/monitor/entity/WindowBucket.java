package io.rtml.monitor.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One persisted time bucket of one model version; JSON columns hold the mergeable statistics. */
@Entity
@Table(name = "window_bucket")
public class WindowBucket {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String model;

    @Column(nullable = false)
    public int version;

    @Column(name = "bucket_start", nullable = false)
    public Instant bucketStart;

    @Column(nullable = false)
    public long predictions;

    @Column(nullable = false)
    public long labelled;

    @Column(nullable = false)
    public long correct;

    /** DatasetProfile JSON; null while the version's baseline is unknown. */
    public String profile;

    @Column(name = "out_of_range", nullable = false)
    public String outOfRange;

    @Column(name = "class_counts", nullable = false)
    public String classCounts;

    /** ConfidenceHistogram JSON; null in rows written before migration V6. */
    public String confidence;

    /** InputQuality JSON; null in rows written before migration V6. */
    @Column(name = "input_quality")
    public String inputQuality;
}
