package dev.shears;

import java.lang.management.ManagementFactory;

/**
 * With {@code -Dshears.reportStartup=true}, prints the milestones of a start on stderr — milliseconds
 * since the JVM started and the CPU time the process had used by then, which a busy machine disturbs
 * less than the wall clock (README, Measuring; packaging/measure-startup.sh reads "first frame" and
 * "first model shown"). Off, it costs a boolean.
 */
public final class StartupReport {
    public static final boolean ENABLED = Boolean.getBoolean("shears.reportStartup");

    private StartupReport() {
    }

    public static void mark(String milestone) {
        if (ENABLED) {
            System.err.printf("startup: %s %s%n", milestone, sinceJvmStart());
        }
    }

    private static String sinceJvmStart() {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1_000_000 : -1;
        return (System.currentTimeMillis() - jvmStart) + " ms after JVM start (CPU " + cpu + " ms)";
    }
}
