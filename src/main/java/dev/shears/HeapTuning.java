package dev.shears;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Lets the Java heap give memory back. A big model passes through the heap in bursts (a layer's
 * values, a plan's copy of a tensor, a preview's smaller network) and G1 by default keeps up to 70 %
 * of its heap free after a collection, so a window that once needed 2 GB of heap for a moment keeps
 * it resident. With at most 30 % free (at least 10 %) the heap shrinks back after each burst: on a
 * 25088 × 4096 layer this took the window from 2.4 GB resident to 1.6 GB (README, Measuring).
 * Both flags are "manageable", so they are set here, at start, for the jar and the installed app
 * alike; a value given on the command line wins.
 */
public final class HeapTuning {
    /** Min first: the JVM refuses a MaxHeapFreeRatio below the current MinHeapFreeRatio. */
    static final Map<String, String> FREE_RATIOS = new LinkedHashMap<>();

    static {
        FREE_RATIOS.put("MinHeapFreeRatio", "10");
        FREE_RATIOS.put("MaxHeapFreeRatio", "30");
    }

    private HeapTuning() {
    }

    /** Sets the heap's free ratios unless the command line chose them; a JVM without them is left alone. */
    public static void apply() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotSpot == null) {
                return;
            }
            for (String name : FREE_RATIOS.keySet()) {
                if (hotSpot.getVMOption(name).getOrigin() != VMOption.Origin.DEFAULT) {
                    return; // the user tuned the heap: leave both as they are
                }
            }
            for (Map.Entry<String, String> e : FREE_RATIOS.entrySet()) {
                hotSpot.setVMOption(e.getKey(), e.getValue());
            }
        } catch (RuntimeException notHotSpot) {
            LoggerFactory.getLogger(HeapTuning.class).debug("Heap free ratios not set", notHotSpot);
        }
    }
}
