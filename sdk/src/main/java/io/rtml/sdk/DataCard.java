package io.rtml.sdk;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What is known about a model's training data, registered with every version (DESIGN.md, "The data
 * card"). Shares are fractions in [0, 1]. {@link DataCards#measure} fills the measurable parts from the
 * rows themselves; the builder adds what only the user knows (sources, labelling, augmentation).
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
 * @param dataAge          how old the training data is: its resiliency
 */
public record DataCard(List<Source> sources, Modality modality, int featureCount, long rows, double completeness,
                       double imputedShare, double augmentedShare, String augmentation, double outlierShare,
                       double transformedShare, double extractedShare, double structuredShare, Labelling labelling,
                       DataAge dataAge) {

    /** Who produced a source: the platform's own data ({@code first}) or bought or shared data ({@code third}). */
    public enum Party {
        @JsonProperty("first") FIRST,
        @JsonProperty("third") THIRD
    }

    /** Where training data came from. */
    public record Source(String name, Party party, String datasetVersion, TimeRange timeRange) {
    }

    /** A closed time interval. */
    public record TimeRange(Instant from, Instant to) {
    }

    /** Share of features per modality (the first six add up to 1); {@code timeSeries}: share that are series. */
    public record Modality(double numeric, double categorical, double text, double image, double audio, double video,
                           double timeSeries) {
    }

    /** How labels were made: by people, semi-supervised (weak labels, self-training), or by a third party. */
    public record Labelling(double human, double semiSupervised, double thirdParty) {
    }

    /** Age of the training records: oldest, newest and the median age in days at measurement time. */
    public record DataAge(Instant oldestRecord, Instant newestRecord, double medianAgeDays) {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; {@link #build()} checks every share is in [0, 1] and modality and labelling mixes add up. */
    public static final class Builder {
        private final List<Source> sources = new ArrayList<>();
        private Modality modality;
        private int featureCount;
        private long rows;
        private double completeness = 1.0;
        private double imputedShare;
        private double augmentedShare;
        private String augmentation;
        private double outlierShare;
        private double transformedShare;
        private double extractedShare;
        private double structuredShare = 1.0;
        private Labelling labelling;
        private DataAge dataAge;

        public Builder source(String name, Party party, String datasetVersion, Instant from, Instant to) {
            sources.add(new Source(name, party, datasetVersion, new TimeRange(from, to)));
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

        public Builder labelling(double human, double semiSupervised, double thirdParty) {
            this.labelling = new Labelling(human, semiSupervised, thirdParty);
            return this;
        }

        public Builder dataAge(DataAge dataAge) {
            this.dataAge = dataAge;
            return this;
        }

        public DataCard build() {
            List<String> problems = new ArrayList<>();
            share(problems, "completeness", completeness);
            share(problems, "imputedShare", imputedShare);
            share(problems, "augmentedShare", augmentedShare);
            share(problems, "outlierShare", outlierShare);
            share(problems, "transformedShare", transformedShare);
            share(problems, "extractedShare", extractedShare);
            share(problems, "structuredShare", structuredShare);
            if (augmentedShare > 0 && (augmentation == null || augmentation.isBlank())) {
                problems.add("augmentedShare > 0 needs a description of how the data was augmented");
            }
            if (modality != null) {
                double sum = modality.numeric() + modality.categorical() + modality.text() + modality.image()
                        + modality.audio() + modality.video();
                if (Math.abs(sum - 1.0) > 1e-6 && featureCount > 0) {
                    problems.add(String.format(Locale.ROOT, "modality shares add up to %.4f, not 1", sum));
                }
                share(problems, "modality.timeSeries", modality.timeSeries());
            }
            if (labelling != null) {
                share(problems, "labelling.human", labelling.human());
                share(problems, "labelling.semiSupervised", labelling.semiSupervised());
                share(problems, "labelling.thirdParty", labelling.thirdParty());
                double sum = labelling.human() + labelling.semiSupervised() + labelling.thirdParty();
                if (sum > 1.0 + 1e-6) {
                    problems.add(String.format(Locale.ROOT, "labelling shares add up to %.4f, more than 1", sum));
                }
            }
            for (Source s : sources) {
                if (s.name() == null || s.name().isBlank() || s.party() == null) {
                    problems.add("every source needs a name and a party (first or third)");
                }
                if (s.timeRange() != null && s.timeRange().from() != null && s.timeRange().to() != null
                        && s.timeRange().from().isAfter(s.timeRange().to())) {
                    problems.add("source '" + s.name() + "' has a time range that ends before it starts");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("data card is invalid: " + String.join("; ", problems));
            }
            return new DataCard(List.copyOf(sources), modality, featureCount, rows, completeness, imputedShare,
                    augmentedShare, augmentation, outlierShare, transformedShare, extractedShare, structuredShare,
                    labelling, dataAge);
        }

        private static void share(List<String> problems, String name, double value) {
            if (!(value >= 0.0 && value <= 1.0)) {
                problems.add(name + " must be a share in [0, 1], was " + value);
            }
        }
    }
}
