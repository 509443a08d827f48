package dev.shears.ui.lessons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lesson files: the built-in ones, a teacher's, and the sentences that refuse a broken one. */
class LessonFormatTest {
    @TempDir
    Path settings;

    private static final String TEACHERS_LESSON = """
            {
              "title": "Pruning the MLP",
              "steps": [{
                "title": "Dense layers lose neurons",
                "text": "A dense layer's neuron is a column of its weight matrix. Removing it removes a row of the next.",
                "source": "Han et al., NeurIPS 2015.",
                "task": "Remove 40 % of the channels.",
                "setup": {"model": "lenet-300-100", "layer": "fc1", "mode": "channels", "ratio": 0},
                "done": {"any": [{"ratio": {"atLeast": 0.35, "atMost": 0.45}}, {"applied": true}]},
                "views": ["tree", "pruning"]
              }]
            }""";

    @Test
    void theBuiltInLessonsAllLoadAndTeachAtLeastSixStepsEachWithASourceAndACondition() {
        LessonLibrary library = LessonLibrary.load(settings);

        assertThat(library.problems()).isEmpty();
        assertThat(library.steps()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(library.lessons()).extracting(Lesson::id).startsWith("01-magnitude", "02-structured",
                "03-l1-filters", "04-bn-gamma", "05-coupled-channels", "06-global-cap", "07-sensitivity", "08-agp",
                "09-deep-compression", "10-refit");
        for (LessonLibrary.Located s : library.steps()) {
            assertThat(s.step().source()).as(s.key()).matches(".*(19|20)\\d\\d.*");
            assertThat(s.step().done()).as(s.key()).isNotSameAs(Condition.ALWAYS);
            assertThat(s.step().setup().model()).as(s.key()).isPresent();
        }
    }

    @Test
    void aTeachersFileInTheSettingsFolderIsAddedInNameOrderAndReplacesABuiltInOfTheSameName() throws Exception {
        Path folder = Files.createDirectories(settings.resolve(LessonLibrary.USER_FOLDER));
        Files.writeString(folder.resolve("05a-mlp.json"), TEACHERS_LESSON);
        Files.writeString(folder.resolve("09-deep-compression.json"), TEACHERS_LESSON.replace("Pruning the MLP",
                "My own sizes lesson"));

        LessonLibrary library = LessonLibrary.load(settings);

        assertThat(library.problems()).isEmpty();
        List<String> titles = library.lessons().stream().map(Lesson::title).toList();
        assertThat(titles.indexOf("Pruning the MLP")).isEqualTo(titles.indexOf("Coupled channels in residual networks")
                + 1);
        assertThat(titles).contains("My own sizes lesson").doesNotContain("What the sizes mean");
    }

    @Test
    void aBrokenTeachersFileIsLeftOutWithASentenceNamingTheFileTheStepAndTheField() throws Exception {
        Path folder = Files.createDirectories(settings.resolve(LessonLibrary.USER_FOLDER));
        Files.writeString(folder.resolve("10-typo.json"), TEACHERS_LESSON.replace("\"applied\"", "\"aplied\""));

        LessonLibrary library = LessonLibrary.load(settings);

        assertThat(library.lessons()).extracting(Lesson::id).doesNotContain("10-typo");
        assertThat(library.problems()).singleElement().asString().startsWith(
                "The lesson 10-typo.json cannot be used: step 1, done, any[2] has an unknown field \"aplied\" (known: ");
    }

    @Test
    void refusalsAreSentences() {
        assertThatThrownBy(() -> LessonFormat.read("x", "{\"title\": \"t\", \"steps\": [", "x.json"))
                .isInstanceOf(LessonFormatException.class)
                .hasMessageStartingWith("The lesson x.json is not valid JSON at line 1, column");
        assertThatThrownBy(() -> LessonFormat.read("x", TEACHERS_LESSON.replace("\"atMost\": 0.45", "\"atMost\": 0.3"),
                "x.json")).hasMessage("The lesson x.json cannot be used: step 1, done, any[1], ratio has atLeast 0.35"
                + " above atMost 0.3: nothing can be in it.");
        assertThatThrownBy(() -> LessonFormat.read("x", TEACHERS_LESSON.replace("\"lenet-300-100\"", "\"vgg\""),
                "x.json")).hasMessage("The lesson x.json cannot be used: step 1, setup, model is 'vgg', which is not one"
                + " of bn-cnn, lenet-300-100, lenet-5, mini-resnet.");
        assertThatThrownBy(() -> LessonFormat.read("x", TEACHERS_LESSON.replace("\"tree\", \"pruning\"",
                "\"tree\", \"charts\""), "x.json")).hasMessage("The lesson x.json cannot be used: step 1, views[2] is"
                + " 'charts', which is not one of details, pruning, sizes, tree, weights.");
        assertThatThrownBy(() -> LessonFormat.read("x", TEACHERS_LESSON.replace("\"done\"", "\"finished\""),
                "x.json")).hasMessageContaining("step 1 has an unknown field \"finished\"");
        assertThatThrownBy(() -> LessonFormat.read("x", "{\"title\": \"t\", \"steps\": [{\"title\": \"a\", \"text\":"
                + " \"b\", \"source\": \"c\", \"task\": \"d\", \"done\": {\"keptShare\": {\"atMost\": 0.5}}}]}", "x.json"))
                .hasMessage("The lesson x.json cannot be used: step 1, done, keptShare needs \"layer\": the layer whose"
                        + " kept share is tested.");
    }

    @Test
    void theBriefsExampleConditionHoldsOnlyForConv2WithBetween45And55PercentGrey() throws Exception {
        Lesson lesson = LessonFormat.read("x", TEACHERS_LESSON.replace(
                "{\"any\": [{\"ratio\": {\"atLeast\": 0.35, \"atMost\": 0.45}}, {\"applied\": true}]}",
                "{\"layer\": \"conv2\", \"maskedShare\": {\"atLeast\": 0.45, \"atMost\": 0.55}}"), "x.json");
        Condition done = lesson.steps().get(0).done();

        assertThat(done.holds(new Snapshot("conv2", OptionalDouble.of(0.5)))).isTrue();
        assertThat(done.holds(new Snapshot("conv2", OptionalDouble.of(0.45)))).isTrue();
        assertThat(done.holds(new Snapshot("conv2", OptionalDouble.of(0.44)))).isFalse();
        assertThat(done.holds(new Snapshot("conv2", OptionalDouble.of(0.56)))).isFalse();
        assertThat(done.holds(new Snapshot("conv1", OptionalDouble.of(0.5)))).isFalse();
        assertThat(done.holds(new Snapshot("conv2", OptionalDouble.empty()))).as("weights not loaded yet").isFalse();
    }

    /** A fixed state: the selected layer and its greyed share; everything else at the app's defaults. */
    private record Snapshot(String layer, OptionalDouble masked) implements LessonState {
        public Optional<String> modelName() {
            return Optional.of("lenet-5");
        }

        public Optional<String> selectedLayer() {
            return Optional.of(layer);
        }

        public Set<String> coupledLayers() {
            return Set.of();
        }

        public Set<String> shownViews() {
            return Set.of("layers", "heatmap");
        }

        public String mode() {
            return "channels";
        }

        public String criterion() {
            return "l1";
        }

        public String target() {
            return "global";
        }

        public double ratio() {
            return 0;
        }

        public double maxLayerRatio() {
            return 0.8;
        }

        public String recovery() {
            return "none";
        }

        public OptionalDouble maskedShare() {
            return masked;
        }

        public OptionalDouble keptShare(String l) {
            return OptionalDouble.empty();
        }

        public OptionalDouble paramsKept() {
            return OptionalDouble.empty();
        }

        public OptionalDouble macsKept() {
            return OptionalDouble.empty();
        }

        public OptionalDouble accuracy() {
            return OptionalDouble.empty();
        }

        public int currentStep() {
            return 0;
        }

        public boolean sensitivityScanned() {
            return false;
        }

        public String schedule() {
            return "oneshot";
        }

        public int agpSteps() {
            return 4;
        }
    }
}
