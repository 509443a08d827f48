package dev.shears.ui.task;

/**
 * Where a task runs. Each lane is one thread, so tasks of a lane run one after another, and lanes
 * run side by side: a preview never waits behind a fine-tune, and drawing never waits behind either.
 */
public enum Lane {
    /** Opening models, reading a layer's weights, drawing, layout: short, and what the window waits for. */
    INTERACTIVE("shears-worker", "opening and drawing"),
    /** Live previews, the baseline, scoring channels, impact and budgets: the latest request wins. */
    PREVIEW("shears-preview", "previews"),
    /** Apply and export: they make or write a model and run to completion unless cancelled. */
    MODEL("shears-model", "Apply and export"),
    /** Fine-tuning and sensitivity scans: minutes of work on both cores, so one at a time. */
    TRAINING("shears-training", "fine-tuning and scans");

    private final String threadName;
    private final String runsWhat;

    Lane(String threadName, String runsWhat) {
        this.threadName = threadName;
        this.runsWhat = runsWhat;
    }

    public String threadName() {
        return threadName;
    }

    /** "fine-tuning and scans": what the lane runs, for the sentence saying why a task waits. */
    public String runsWhat() {
        return runsWhat;
    }
}
