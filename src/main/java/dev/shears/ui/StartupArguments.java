package dev.shears.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the window was started with: {@code MODEL [--data PATH]} (a desktop entry's {@code %f}, a
 * terminal). Anything else is a sentence, shown once the window is up.
 */
public record StartupArguments(Optional<Path> model, Optional<Path> data, Optional<String> problem) {
    public static StartupArguments parse(List<String> args) {
        Optional<Path> model = Optional.empty();
        Optional<Path> data = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--data")) {
                if (i + 1 == args.size()) {
                    return problem("--data needs a path: a folder of images or a data file");
                }
                data = Optional.of(Path.of(args.get(++i)));
            } else if (arg.startsWith("-")) {
                return problem("unknown option " + arg + "; the window takes MODEL [--data PATH]");
            } else if (model.isEmpty()) {
                model = Optional.of(Path.of(arg));
            } else {
                return problem("one model at a time: " + arg + " was given after " + model.get());
            }
        }
        if (data.isPresent() && model.isEmpty()) {
            return problem("--data belongs to a model: MODEL --data PATH");
        }
        return new StartupArguments(model, data, Optional.empty());
    }

    private static StartupArguments problem(String sentence) {
        return new StartupArguments(Optional.empty(), Optional.empty(), Optional.of(sentence));
    }
}
