package dev.shears.ui.lessons;

import dev.shears.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the student is in the lessons: the current step, whether its task is done (its condition on the
 * app's real state, re-evaluated whenever that state changes), Back and Next. The step reached is
 * remembered in the settings folder ({@value #PROGRESS_FILE}), so the lessons resume there.
 */
public final class LessonViewModel {
    public static final String PROGRESS_FILE = "lesson-progress.txt";
    private static final Logger LOG = LoggerFactory.getLogger(LessonViewModel.class);

    private final LessonLibrary library;
    private final List<LessonLibrary.Located> steps;
    private final LessonState state;
    private final Path progressFile;
    private final Consumer<LessonStep> setUp;
    private final ReadOnlyIntegerWrapper index = new ReadOnlyIntegerWrapper(this, "index", -1);
    private final ReadOnlyObjectWrapper<LessonLibrary.Located> step = new ReadOnlyObjectWrapper<>(this, "step");
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done");
    private final BooleanBinding canGoBack;
    private final BooleanBinding canGoNext;

    /**
     * @param dependencies the state a condition reads; a change of any re-evaluates the current step
     * @param setUp        puts the app into a step's starting state
     */
    public LessonViewModel(LessonLibrary library, LessonState state, List<Observable> dependencies,
                           Path settingsFolder, Consumer<LessonStep> setUp) {
        this.library = library;
        this.steps = library.steps();
        this.state = state;
        this.progressFile = settingsFolder.resolve(PROGRESS_FILE);
        this.setUp = setUp;
        for (Observable o : dependencies) {
            // change listeners: an invalidation listener stays silent while nobody has read the value since
            if (o instanceof javafx.beans.value.ObservableValue<?> value) {
                value.addListener((obs, old, now) -> evaluate());
            } else {
                o.addListener(x -> evaluate());
            }
        }
        step.addListener(x -> evaluate());
        canGoBack = index.greaterThan(0);
        canGoNext = Bindings.createBooleanBinding(() -> done.get() && index.get() >= 0
                && index.get() < steps.size() - 1, done, index);
    }

    public LessonLibrary library() {
        return library;
    }

    public List<LessonLibrary.Located> steps() {
        return steps;
    }

    /** Starts at the step remembered in the settings (the first one the first time) and sets it up. */
    public void resume() {
        go(Math.max(0, remembered()));
    }

    public void next() {
        if (canGoNext.get()) {
            go(index.get() + 1);
        }
    }

    public void back() {
        if (canGoBack.get()) {
            go(index.get() - 1);
        }
    }

    /** Goes to step {@code i} (0-based over all lessons), sets it up and remembers it. */
    public void go(int i) {
        if (i < 0 || i >= steps.size()) {
            return;
        }
        index.set(i);
        step.set(steps.get(i));
        remember(steps.get(i).key());
        setUp.accept(steps.get(i).step());
        evaluate();
    }

    /** Sets the current step up again (e.g. after the student wandered off). */
    public void restart() {
        if (step.get() != null) {
            setUp.accept(step.get().step());
            evaluate();
        }
    }

    private void evaluate() {
        LessonLibrary.Located s = step.get();
        done.set(s != null && s.step().done().holds(state));
    }

    public ReadOnlyIntegerProperty indexProperty() {
        return index.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LessonLibrary.Located> stepProperty() {
        return step.getReadOnlyProperty();
    }

    /** Whether the current step's task is done: its condition holds on the app's state now. */
    public ReadOnlyBooleanProperty doneProperty() {
        return done.getReadOnlyProperty();
    }

    public BooleanBinding canGoBackProperty() {
        return canGoBack;
    }

    /** Next is possible once the task is done, and there is a step after this one. */
    public BooleanBinding canGoNextProperty() {
        return canGoNext;
    }

    /** The index of the remembered step, or -1. */
    int remembered() {
        try {
            if (!Files.isRegularFile(progressFile)) {
                return -1;
            }
            String key = Files.readString(progressFile, StandardCharsets.UTF_8).strip();
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i).key().equals(key)) {
                    return i;
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not read the lesson progress {}", progressFile, e);
        }
        return -1;
    }

    private void remember(String key) {
        try {
            Files.createDirectories(progressFile.getParent());
            AtomicFiles.writeString(progressFile, key + "\n");
        } catch (IOException e) {
            // the lessons work without it; only resuming would start at the first step
            LOG.warn("Could not remember the lesson step in {}", progressFile, e);
        }
    }
}
