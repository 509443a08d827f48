package dev.shears.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The launcher tells a command from a model file by a list of names; it must be the CLI's own. */
class CommandNamesTest {
    @Test
    void theListedNamesAreExactlyTheCliSubcommands() {
        assertThat(CommandNames.ALL).containsExactlyInAnyOrderElementsOf(ShearsCli.commandLine().getSubcommands().keySet());
    }

    @Test
    void aModelFileIsNotACommandButAnOptionIs() {
        assertThat(CommandNames.isCommand("sample-models/lenet-5.zip")).isFalse();
        assertThat(CommandNames.isCommand("inspect")).isTrue();
        assertThat(CommandNames.isCommand("--version")).isTrue();
    }
}
