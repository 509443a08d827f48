package dev.shears.ui.lessons;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * When a lesson step is done: a small declarative test of the app's state ({@link LessonState}), read
 * from JSON by {@link LessonFormat}. A JSON object's fields must all hold ({@code all}); {@code any}
 * holds when one of its conditions does.
 */
public sealed interface Condition {
    boolean holds(LessonState state);

    /** Holds always: a step that only explains. */
    Condition ALWAYS = new All(List.of());

    /** Every condition holds. */
    record All(List<Condition> conditions) implements Condition {
        public All {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean holds(LessonState state) {
            return conditions.stream().allMatch(c -> c.holds(state));
        }
    }

    /** At least one condition holds. */
    record Any(List<Condition> conditions) implements Condition {
        public Any {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean holds(LessonState state) {
            return conditions.stream().anyMatch(c -> c.holds(state));
        }
    }

    /** One field of the state tested, e.g. {@code "mode": "channels"}. */
    record Test(String field, Predicate<LessonState> test) implements Condition {
        @Override
        public boolean holds(LessonState state) {
            return test.test(state);
        }
    }

    /** {@code {"atLeast": a, "atMost": b}}, either bound optional (NaN when absent). */
    record Range(double atLeast, double atMost) {
        public boolean contains(OptionalDouble value) {
            return value.isPresent() && contains(value.getAsDouble());
        }

        public boolean contains(double value) {
            return (Double.isNaN(atLeast) || value >= atLeast) && (Double.isNaN(atMost) || value <= atMost);
        }
    }
}
