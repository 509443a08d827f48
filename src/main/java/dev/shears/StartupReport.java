package dev.shears;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * With {@code -Dshears.reportStartup=true}, prints the milestones of a start on stderr — milliseconds
 * since the JVM started and the CPU time the process had used by then, which a busy machine disturbs
 * less than the wall clock (README, Measuring; packaging/measure-startup.sh reads "first frame",
 * "first model shown" and "first model loaded"). With {@code -Dshears.reportStartup.threads=true} as
 * well, the milestones named in {@link #THREAD_MILESTONES} add each thread's CPU time by then, the busiest
 * first (Linux: {@code /proc/self/task}, which also lists the JIT compiler and GC threads);
 * {@code -Dshears.reportStartup.all=true} adds them to every milestone. Off, it costs a boolean.
 */
public final class StartupReport {
    public static final boolean ENABLED = Boolean.getBoolean("shears.reportStartup");
    private static final boolean THREADS = ENABLED && Boolean.getBoolean("shears.reportStartup.threads");
    private static final boolean ALL_MILESTONES = Boolean.getBoolean("shears.reportStartup.all");
    private static final List<String> THREAD_MILESTONES = List.of("first frame", "first model shown",
            "first model loaded");
    /** /proc's utime and stime count clock ticks of 10 ms (100 per second on Linux x86-64). */
    private static final long MS_PER_TICK = 10;

    private StartupReport() {
    }

    public static void mark(String milestone) {
        if (ENABLED) {
            String line = String.format("startup: %s %s%n", milestone, sinceJvmStart());
            if (THREADS && (THREAD_MILESTONES.contains(milestone) || ALL_MILESTONES)) {
                line += threads(milestone);
            }
            System.err.print(line);
        }
    }

    private static String sinceJvmStart() {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1_000_000 : -1;
        return (System.currentTimeMillis() - jvmStart) + " ms after JVM start (CPU " + cpu + " ms)";
    }

    /** "startup:   1234 ms CPU  C2 CompilerThre" lines, one per thread with at least 10 ms. */
    private static String threads(String milestone) {
        record Cpu(String name, long millis) {
        }
        List<Cpu> threads = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // "tid (name) state ppid …": the name may hold spaces and parentheses
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] fields = stat.substring(close + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);   // utime + stime
                    threads.add(new Cpu(stat.substring(open + 1, close), ticks * MS_PER_TICK));
                } catch (IOException | RuntimeException ended) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException notLinux) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        threads.stream().filter(t -> t.millis() >= 10).sorted((a, b) -> Long.compare(b.millis(), a.millis()))
                .forEach(t -> out.append(String.format("startup:   %6d ms CPU  %s (%s)%n", t.millis(), t.name(),
                        milestone)));
        return out.toString();
    }
}
