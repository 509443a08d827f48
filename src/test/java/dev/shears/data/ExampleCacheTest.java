package dev.shears.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExampleCacheTest {
    @Test
    void examplesBeyondTheMemoryBoundComeBackFromDiskUnchanged() throws Exception {
        // 3 floats per example, room for 2 examples in memory: slots 2..4 spill
        ExampleCache cache = new ExampleCache(5, 3, 2 * 3 * 4);
        assertThat(cache.spilled()).isTrue();
        for (int slot = 4; slot >= 0; slot--) {
            cache.put(slot, new float[] {slot, -slot, slot + 0.1f});
        }
        float[] out = new float[3 * 5];
        for (int slot = 0; slot < 5; slot++) {
            cache.get(slot, out, 3 * slot);
        }
        assertThat(out).containsExactly(0f, 0f, 0.1f, 1f, -1f, 1.1f, 2f, -2f, 2.1f, 3f, -3f, 3.1f, 4f, -4f, 4.1f);
    }

    @Test
    void whatFitsStaysInMemory() throws Exception {
        ExampleCache cache = new ExampleCache(2, 3, 1 << 20);
        assertThat(cache.spilled()).isFalse();
        cache.put(1, new float[] {7f, 8f, 9f});
        float[] out = new float[4];
        cache.get(1, out, 1);
        assertThat(out).containsExactly(0f, 7f, 8f, 9f);
    }
}
