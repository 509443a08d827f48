package dev.shears.ui;

import java.util.function.Function;
import javafx.util.StringConverter;

/** Display names for choice and combo boxes whose items are never typed in. */
public final class DisplayNames {
    private DisplayNames() {
    }

    public static <T> StringConverter<T> of(Function<T, String> name) {
        return new StringConverter<>() {
            @Override
            public String toString(T item) {
                return item == null ? "" : name.apply(item);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("not editable");
            }
        };
    }
}
