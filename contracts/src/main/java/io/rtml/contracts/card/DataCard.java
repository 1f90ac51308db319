package io.rtml.contracts.card;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What is known about a model's training data, registered with every version (DESIGN.md, "The data
 * card"). Every field is optional ({@code null}: not measured); shares are fractions in [0, 1]. The SDK
 * builds cards ({@code DataCards.measure} and {@link #builder()}), the registry checks every card it is
 * sent with {@link #problems()} and stores its facts so the catalogue can be searched by them: both read
 * this one definition.
 *
 * @param featureCount     features the model reads
 * @param rows             training rows measured
 * @param completeness     share of non-missing values over rows x features
 * @param imputedShare     share of values that were imputed
 * @param augmentedShare   share of rows that were synthesised or augmented; {@code augmentation} says how
 * @param outlierShare     share of numeric values outside Tukey's fences (1.5 IQR beyond the quartiles)
 * @param transformedShare share of features that are transformations of raw data (scaled, bucketed, ...)
 * @param extractedShare   share of features extracted from raw data (aggregates, embeddings, ...)
 * @param structuredShare  share of features that are structured (tabular) rather than unstructured
 * @param dataAge          how old the training data is
 */
public record DataCard(List<Source> sources, Modality modality, Integer featureCount, Long rows, Double completeness,
                       Double imputedShare, Double augmentedShare, String augmentation, Double outlierShare,
                       Double transformedShare, Double extractedShare, Double structuredShare, Labelling labelling,
                       DataAge dataAge) {

    /** How far the modality shares (and, when every source gives one, the source shares) may miss 1. */
    public static final double SUM_TOLERANCE = 1e-3;

    /** Who produced a source: the platform's own data ({@code first}) or bought or shared data ({@code third}). */
    public enum Party {
        @JsonProperty("first") FIRST,
        @JsonProperty("third") THIRD;

        /** The spelling on the wire. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Where training data came from.
     *
     * @param share the source's share of the training rows; when no source gives one, sources count equally
     */
    public record Source(String name, Party party, String datasetVersion, TimeRange timeRange, Double share) {

        public Source(String name, Party party, String datasetVersion, TimeRange timeRange) {
            this(name, party, datasetVersion, timeRange, null);
        }
    }

    /** A closed time interval. */
    public record TimeRange(Instant from, Instant to) {
    }

    /** The modalities a card gives shares for, as the catalogue filter names them. */
    public enum ModalityKind {
        NUMERIC("numeric"), CATEGORICAL("categorical"), TEXT("text"), IMAGE("image"), AUDIO("audio"),
        VIDEO("video"), TIME_SERIES("timeSeries");

        private final String wireName;

        ModalityKind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static String names() {
            return Arrays.stream(values()).map(ModalityKind::wireName).collect(Collectors.joining(", "));
        }
    }

    /**
     * Share of features per modality: the first six add up to 1 (within {@link #SUM_TOLERANCE});
     * {@code timeSeries} is the share that are series, across modalities.
     */
    public record Modality(Double numeric, Double categorical, Double text, Double image, Double audio, Double video,
                           Double timeSeries) {

        public Double share(ModalityKind kind) {
            return switch (kind) {
                case NUMERIC -> numeric;
                case CATEGORICAL -> categorical;
                case TEXT -> text;
                case IMAGE -> image;
                case AUDIO -> audio;
                case VIDEO -> video;
                case TIME_SERIES -> timeSeries;
            };
        }
    }

    /** The labelling kinds, as the catalogue filter names them. */
    public enum LabellingKind {
        HUMAN("human"), SEMI_SUPERVISED("semiSupervised"), THIRD_PARTY("thirdParty"), OBSERVED("observed");

        private final String wireName;

        LabellingKind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static String names() {
            return Arrays.stream(values()).map(LabellingKind::wireName).collect(Collectors.joining(", "));
        }
    }

    /**
     * How labels were made: by people, semi-supervised (weak labels, self-training), by a third party, or
     * observed from behaviour (opens, clicks: the user did it, nobody annotated). Each a share of the
     * labels; together at most 1.
     */
    public record Labelling(Double human, Double semiSupervised, Double thirdParty, Double observed) {

        public Double share(LabellingKind kind) {
            return switch (kind) {
                case HUMAN -> human;
                case SEMI_SUPERVISED -> semiSupervised;
                case THIRD_PARTY -> thirdParty;
                case OBSERVED -> observed;
            };
        }
    }

    /** Age of the training records: oldest, newest and the median age in days at measurement time. */
    public record DataAge(Instant oldestRecord, Instant newestRecord, Double medianAgeDays) {
    }

    /**
     * Every rule the card breaks, each naming the field by its path ({@code sources[1].party},
     * {@code modality}); empty when the card is valid.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        nonNegative(problems, "featureCount", featureCount == null ? null : featureCount.doubleValue());
        nonNegative(problems, "rows", rows == null ? null : rows.doubleValue());
        share(problems, "completeness", completeness);
        share(problems, "imputedShare", imputedShare);
        share(problems, "augmentedShare", augmentedShare);
        share(problems, "outlierShare", outlierShare);
        share(problems, "transformedShare", transformedShare);
        share(problems, "extractedShare", extractedShare);
        share(problems, "structuredShare", structuredShare);
        if (augmentedShare != null && augmentedShare > 0 && (augmentation == null || augmentation.isBlank())) {
            problems.add("augmentation: augmentedShare > 0 needs a description of how the data was augmented");
        }
        if (sources != null) {
            checkSources(problems);
        }
        if (modality != null) {
            double sum = 0;
            for (ModalityKind kind : ModalityKind.values()) {
                Double s = modality.share(kind);
                share(problems, "modality." + kind.wireName(), s);
                if (kind != ModalityKind.TIME_SERIES && s != null) {
                    sum += s;
                }
            }
            // A card of no features has no modality mix to add up.
            if ((featureCount == null || featureCount > 0) && Math.abs(sum - 1.0) > SUM_TOLERANCE) {
                problems.add(String.format(Locale.ROOT,
                        "modality: numeric, categorical, text, image, audio and video shares add up to %.4f, not 1 (tolerance %s)",
                        sum, SUM_TOLERANCE));
            }
        }
        if (labelling != null) {
            double sum = 0;
            for (LabellingKind kind : LabellingKind.values()) {
                Double s = labelling.share(kind);
                share(problems, "labelling." + kind.wireName(), s);
                sum += s == null ? 0 : s;
            }
            if (sum > 1.0 + SUM_TOLERANCE) {
                problems.add(String.format(Locale.ROOT, "labelling: shares add up to %.4f, more than 1", sum));
            }
        }
        if (dataAge != null) {
            nonNegative(problems, "dataAge.medianAgeDays", dataAge.medianAgeDays());
            ordered(problems, "dataAge", dataAge.oldestRecord(), dataAge.newestRecord(), "oldestRecord", "newestRecord");
        }
        return problems;
    }

    private void checkSources(List<String> problems) {
        long withShare = sources.stream().filter(s -> s != null && s.share() != null).count();
        double shares = 0;
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            String at = "sources[" + i + "]";
            if (s == null) {
                problems.add(at + ": must be an object with name and party");
                continue;
            }
            if (s.name() == null || s.name().isBlank()) {
                problems.add(at + ".name: is required");
            }
            if (s.party() == null) {
                problems.add(at + ".party: is required, one of first, third");
            }
            if (s.timeRange() != null) {
                ordered(problems, at + ".timeRange", s.timeRange().from(), s.timeRange().to(), "from", "to");
            }
            share(problems, at + ".share", s.share());
            shares += s.share() == null ? 0 : s.share();
        }
        if (withShare > 0 && withShare < sources.size()) {
            problems.add("sources: give a share for every source or for none (" + withShare + " of " + sources.size()
                    + " have one)");
        } else if (withShare > 0 && Math.abs(shares - 1.0) > SUM_TOLERANCE) {
            problems.add(String.format(Locale.ROOT, "sources: shares add up to %.4f, not 1", shares));
        }
    }

    /**
     * The share of training rows from third-party sources: the third-party sources' shares, or, when no
     * source gives one, the third-party share of the sources. {@code null} without sources.
     */
    @JsonIgnore
    public Double thirdPartyShare() {
        if (sources == null || sources.isEmpty() || sources.stream().anyMatch(Objects::isNull)) {
            return null;
        }
        boolean shared = sources.stream().allMatch(s -> s.share() != null);
        double third = 0;
        for (Source s : sources) {
            if (s.party() == Party.THIRD) {
                third += shared ? s.share() : 1.0 / sources.size();
            }
        }
        return third;
    }

    /**
     * When the newest training record was made: {@code dataAge.newestRecord}, else the latest end of a
     * source's time range; {@code null} when the card says neither.
     */
    @JsonIgnore
    public Instant newestRecord() {
        if (dataAge != null && dataAge.newestRecord() != null) {
            return dataAge.newestRecord();
        }
        if (sources == null) {
            return null;
        }
        return sources.stream().filter(s -> s != null && s.timeRange() != null && s.timeRange().to() != null)
                .map(s -> s.timeRange().to()).max(Instant::compareTo).orElse(null);
    }

    private static void share(List<String> problems, String path, Double value) {
        if (value != null && !(value >= 0.0 && value <= 1.0)) {
            problems.add(path + ": must be a share in [0, 1], was " + value);
        }
    }

    private static void nonNegative(List<String> problems, String path, Double value) {
        if (value != null && !(value >= 0.0 && Double.isFinite(value))) {
            problems.add(path + ": must be a finite number >= 0, was " + value);
        }
    }

    private static void ordered(List<String> problems, String path, Instant from, Instant to, String fromName,
                                String toName) {
        if (from != null && to != null && from.isAfter(to)) {
            problems.add(path + ": " + fromName + " " + from + " is after " + toName + " " + to);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; {@link #build()} refuses a card with any of {@link #problems()}. */
    public static final class Builder {
        private final List<Source> sources = new ArrayList<>();
        private Modality modality;
        private Integer featureCount;
        private Long rows;
        private Double completeness;
        private Double imputedShare;
        private Double augmentedShare;
        private String augmentation;
        private Double outlierShare;
        private Double transformedShare;
        private Double extractedShare;
        private Double structuredShare;
        private Labelling labelling;
        private DataAge dataAge;

        public Builder source(String name, Party party, String datasetVersion, Instant from, Instant to) {
            sources.add(new Source(name, party, datasetVersion, new TimeRange(from, to)));
            return this;
        }

        /** A source with its share of the training rows (give one for every source, adding up to 1). */
        public Builder source(String name, Party party, String datasetVersion, Instant from, Instant to, double share) {
            sources.add(new Source(name, party, datasetVersion, new TimeRange(from, to), share));
            return this;
        }

        public Builder modality(Modality modality) {
            this.modality = modality;
            return this;
        }

        public Builder featureCount(int featureCount) {
            this.featureCount = featureCount;
            return this;
        }

        public Builder rows(long rows) {
            this.rows = rows;
            return this;
        }

        public Builder completeness(double share) {
            this.completeness = share;
            return this;
        }

        public Builder imputedShare(double share) {
            this.imputedShare = share;
            return this;
        }

        /** Share of augmented rows and how they were made (e.g. "SMOTE oversampling of minority windows"). */
        public Builder augmented(double share, String how) {
            this.augmentedShare = share;
            this.augmentation = how;
            return this;
        }

        public Builder outlierShare(double share) {
            this.outlierShare = share;
            return this;
        }

        public Builder transformedShare(double share) {
            this.transformedShare = share;
            return this;
        }

        public Builder extractedShare(double share) {
            this.extractedShare = share;
            return this;
        }

        public Builder structuredShare(double share) {
            this.structuredShare = share;
            return this;
        }

        /** Label shares: by people, semi-supervised, by a third party, observed from behaviour (opens, clicks). */
        public Builder labelling(double human, double semiSupervised, double thirdParty, double observed) {
            this.labelling = new Labelling(human, semiSupervised, thirdParty, observed);
            return this;
        }

        public Builder dataAge(DataAge dataAge) {
            this.dataAge = dataAge;
            return this;
        }

        public DataCard build() {
            DataCard card = new DataCard(List.copyOf(sources), modality, featureCount, rows, completeness, imputedShare,
                    augmentedShare, augmentation, outlierShare, transformedShare, extractedShare, structuredShare,
                    labelling, dataAge);
            List<String> problems = card.problems();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("data card is invalid: " + String.join("; ", problems));
            }
            return card;
        }
    }
}
