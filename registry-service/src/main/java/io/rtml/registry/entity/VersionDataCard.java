package io.rtml.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The searchable facts of a version's data card, one typed column each (the card itself stays with the
 * version as registered). Column names of the modality and labelling shares are spelt by
 * {@code VersionSearch}, from the contract's enums.
 */
@Entity
@Table(name = "version_data_card")
public class VersionDataCard {

    @Id
    @Column(name = "version_id")
    public Long versionId;

    @Column(name = "third_party_share")
    public Double thirdPartyShare;

    public Double completeness;

    @Column(name = "augmented_share")
    public Double augmentedShare;

    @Column(name = "newest_record")
    public Instant newestRecord;

    @Column(name = "modality_numeric")
    public Double modalityNumeric;

    @Column(name = "modality_categorical")
    public Double modalityCategorical;

    @Column(name = "modality_text")
    public Double modalityText;

    @Column(name = "modality_image")
    public Double modalityImage;

    @Column(name = "modality_audio")
    public Double modalityAudio;

    @Column(name = "modality_video")
    public Double modalityVideo;

    @Column(name = "modality_time_series")
    public Double modalityTimeSeries;

    @Column(name = "labelling_human")
    public Double labellingHuman;

    @Column(name = "labelling_semi_supervised")
    public Double labellingSemiSupervised;

    @Column(name = "labelling_third_party")
    public Double labellingThirdParty;

    @Column(name = "labelling_observed")
    public Double labellingObserved;
}
