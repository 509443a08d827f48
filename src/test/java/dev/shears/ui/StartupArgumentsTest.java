package dev.shears.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartupArgumentsTest {
    @Test
    void aModelAndItsDataAreTakenInEitherOrder() {
        StartupArguments a = StartupArguments.parse(List.of("m.zip", "--data", "pics"));
        StartupArguments b = StartupArguments.parse(List.of("--data", "pics", "m.zip"));

        assertThat(a).isEqualTo(b).isEqualTo(new StartupArguments(Optional.of(Path.of("m.zip")),
                Optional.of(Path.of("pics")), Optional.empty()));
        assertThat(StartupArguments.parse(List.of())).isEqualTo(new StartupArguments(Optional.empty(),
                Optional.empty(), Optional.empty()));
    }

    @Test
    void whatTheWindowCannotTakeIsASentence() {
        assertThat(StartupArguments.parse(List.of("m.zip", "--data")).problem())
                .contains("--data needs a path: a folder of images or a data file");
        assertThat(StartupArguments.parse(List.of("--data", "pics")).problem())
                .contains("--data belongs to a model: MODEL --data PATH");
        assertThat(StartupArguments.parse(List.of("a.zip", "b.zip")).problem())
                .contains("one model at a time: b.zip was given after a.zip");
        assertThat(StartupArguments.parse(List.of("m.zip", "--fast")).problem())
                .contains("unknown option --fast; the window takes MODEL [--data PATH]");
    }
}
