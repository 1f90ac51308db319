package io.rtml.sdk;

import io.rtml.contracts.encoding.FeatureEncoding;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.List;
import java.util.Map;

/**
 * Rows of named values to Tribuo examples, with exactly the encoding the inference service applies at
 * serve time ({@link FeatureEncoding}): numbers keep their name, text {@code v} of feature {@code f}
 * becomes {@code f=v} with value 1, missing values are left out.
 */
public final class Examples {

    private static final LabelFactory LABELS = new LabelFactory();

    private Examples() {
    }

    /** One example; a {@code null} label gives an unlabelled example (for prediction). */
    public static ArrayExample<Label> fromRow(Map<String, ?> row, String label) {
        List<FeatureEncoding.Encoded> encoded = FeatureEncoding.encode(row);
        String[] names = new String[encoded.size()];
        double[] values = new double[encoded.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = encoded.get(i).name();
            values[i] = encoded.get(i).value();
        }
        Label output = label == null ? LabelFactory.UNKNOWN_LABEL : new Label(label);
        return new ArrayExample<>(output, names, values);
    }

    /** A labelled data set of {@code rows[i]} with {@code labels[i]}; the description is its provenance. */
    public static MutableDataset<Label> dataset(String description, List<? extends Map<String, ?>> rows,
                                                List<String> labels) {
        if (rows.size() != labels.size()) {
            throw new IllegalArgumentException(rows.size() + " rows but " + labels.size() + " labels");
        }
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(description, LABELS), LABELS);
        for (int i = 0; i < rows.size(); i++) {
            dataset.add(fromRow(rows.get(i), labels.get(i)));
        }
        return dataset;
    }
}
