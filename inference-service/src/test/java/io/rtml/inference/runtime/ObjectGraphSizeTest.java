package io.rtml.inference.runtime;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectGraphSizeTest {

    private static final byte[] ARTIFACT = TestModels.protobufBytes(TestModels.cart(21));

    /** Heap in use after the collector has run, which is what live objects retain. */
    private static long retainedHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void shouldMeasureALoadedModelWithinAFifthOfTheHeapItRetains() throws Exception {
        int copies = 40;
        TribuoRuntime.load(ARTIFACT); // classes and their statics loaded once, outside the measurement
        List<TribuoRuntime> held = new ArrayList<>(copies);
        long before = retainedHeap();
        for (int i = 0; i < copies; i++) {
            held.add(TribuoRuntime.load(ARTIFACT));
        }
        long after = retainedHeap();
        double retainedPerCopy = (after - before) / (double) copies;
        long measured = held.get(0).residentBytes();

        assertThat(held).hasSize(copies);
        assertThat(retainedPerCopy).as("the oracle saw the copies").isGreaterThan(ARTIFACT.length);
        assertThat((double) measured).isBetween(retainedPerCopy * 0.8, retainedPerCopy * 1.2);
    }

    @Test
    void shouldMeasureTheSameModelTheSameEveryTime() {
        assertThat(TribuoRuntime.load(ARTIFACT).residentBytes()).isEqualTo(TribuoRuntime.load(ARTIFACT).residentBytes());
    }

    @Test
    void shouldCountASharedObjectOnceAndArraysByLength() {
        long[] shared = new long[1_000];
        long one = ObjectGraphSize.of(new Object[]{shared});
        long twice = ObjectGraphSize.of(new Object[]{shared, shared});

        assertThat(ObjectGraphSize.of(shared)).isGreaterThanOrEqualTo(8_000).isLessThan(8_032);
        assertThat(twice - one).as("a second reference costs one slot, not another array").isLessThanOrEqualTo(8);
    }
}
