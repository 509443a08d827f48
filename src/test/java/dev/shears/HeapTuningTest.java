package dev.shears;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class HeapTuningTest {
    @Test
    void aJvmLeftAtItsDefaultsKeepsAtMostThirtyPercentOfItsHeapFree() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        boolean defaults = hotSpot.getVMOption("MaxHeapFreeRatio").getOrigin() == VMOption.Origin.DEFAULT
                && hotSpot.getVMOption("MinHeapFreeRatio").getOrigin() == VMOption.Origin.DEFAULT;
        assumeTrue(defaults || hotSpot.getVMOption("MaxHeapFreeRatio").getValue().equals("30"),
                "the test JVM was given its own free ratios");

        HeapTuning.apply();

        assertThat(hotSpot.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo("10");
        assertThat(hotSpot.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("30");
    }
}
