package io.rtml.features.service;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureTypeTest {

    @Test
    void shouldStoreNumbersInTheirDeclaredType() {
        assertThat(FeatureType.FP64.normalize(-5)).isEqualTo(-5.0);
        assertThat(FeatureType.INT64.normalize(12.0)).isEqualTo(12L);
        assertThat(FeatureType.INT64.normalize(BigInteger.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(FeatureType.FP64.normalize(null)).isNull();
    }

    @Test
    void shouldRejectValuesOfTheWrongType() {
        assertThatThrownBy(() -> FeatureType.INT64.normalize(1.5)).hasMessageContaining("not a 64-bit integer");
        assertThatThrownBy(() -> FeatureType.INT64.normalize(BigInteger.ONE.shiftLeft(64))).hasMessageContaining("not a 64-bit integer");
        assertThatThrownBy(() -> FeatureType.FP64.normalize("1.0")).hasMessageContaining("\"1.0\" is not a number");
        assertThatThrownBy(() -> FeatureType.STRING.normalize(3)).hasMessageContaining("is not a string");
        assertThatThrownBy(() -> FeatureType.BOOL.normalize("true")).hasMessageContaining("is not true or false");
    }

    @Test
    void shouldReadStoredValuesBackInTheDeclaredType() {
        assertThat(FeatureType.FP64.fromStored(-5)).isEqualTo(-5.0);
        assertThat(FeatureType.INT64.fromStored("42")).isEqualTo(42L);
        assertThat(FeatureType.BOOL.fromStored("true")).isEqualTo(true);
        assertThat(FeatureType.STRING.fromStored("mobile")).isEqualTo("mobile");
    }
}
