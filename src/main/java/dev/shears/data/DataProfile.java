package dev.shears.data;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The data one model is measured and trained on: a source per role (any may be missing). With a
 * labelled validation source and no test source, {@link DataSets} splits the one source into
 * validation and test halves. Remembered per model, written into recipes and reports.
 */
public record DataProfile(Map<DataRole, DataSpec> sources) {
    public static final DataProfile NONE = new DataProfile(Map.of());

    public DataProfile {
        sources = Map.copyOf(sources);
    }

    public static DataProfile of(Optional<DataSpec> validation, Optional<DataSpec> test, Optional<DataSpec> train) {
        Map<DataRole, DataSpec> map = new EnumMap<>(DataRole.class);
        validation.ifPresent(s -> map.put(DataRole.VALIDATION, s));
        test.ifPresent(s -> map.put(DataRole.TEST, s));
        train.ifPresent(s -> map.put(DataRole.TRAIN, s));
        return new DataProfile(map);
    }

    public Optional<DataSpec> source(DataRole role) {
        return Optional.ofNullable(sources.get(role));
    }

    public DataProfile with(DataRole role, Optional<DataSpec> spec) {
        Map<DataRole, DataSpec> map = new EnumMap<>(DataRole.class);
        map.putAll(sources);
        spec.ifPresentOrElse(s -> map.put(role, s), () -> map.remove(role));
        return new DataProfile(map);
    }

    public boolean isEmpty() {
        return sources.isEmpty();
    }
}
