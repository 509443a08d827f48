/**
 * What the user is told when something fails, and where the details go: {@link dev.shears.errors.UserMessages}
 * turns any failure into a sentence (never a class name or a stack trace); {@link dev.shears.errors.Logs}
 * writes the stack traces to a rotating log file in the settings folder. Plain Java plus SLF4J and
 * logback; used by the CLI and the UI alike.
 */
package dev.shears.errors;
