package dev.shears.data;

import dev.shears.model.ModelInput;
import dev.shears.model.NetworkGraph;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's data profile, opened for that model: each role's source, read for the model's input and
 * checked to fit it ({@link DataFit}) the first time it is asked for, then kept. With exactly one
 * labelled source for validation and test, that source is split into halves ({@link StratifiedSplit})
 * and {@link #notes()} says so. Thread-safe.
 */
public final class DataSets {
    /** Opens one spec for a model input; in production {@code DataSources::open}. */
    @FunctionalInterface
    public interface Opener {
        DataSource open(DataSpec spec, ModelInput input) throws DataException;
    }

    public static final String SPLIT_NOTE = "one labelled source was given: Shears split it into validation and"
            + " test halves (stratified by class, seeded), so choices and grades use different examples";

    private final DataProfile profile;
    private final NetworkGraph graph;
    private final Opener opener;
    private final Map<DataRole, DataSource> opened = new EnumMap<>(DataRole.class);
    private final List<String> notes = new ArrayList<>();
    private boolean split;

    private DataSets(DataProfile profile, NetworkGraph graph, Opener opener) {
        this.profile = profile;
        this.graph = graph;
        this.opener = opener;
    }

    public static DataSets open(DataProfile profile, NetworkGraph graph, Opener opener) {
        return new DataSets(profile, graph, opener);
    }

    /** No data: every feature that needs data says so. */
    public static DataSets none(NetworkGraph graph) {
        return new DataSets(DataProfile.NONE, graph, (spec, input) -> {
            throw new DataException("no data is chosen");
        });
    }

    public NetworkGraph graph() {
        return graph;
    }

    public DataProfile profile() {
        return profile;
    }

    public boolean has(DataRole role) {
        return profile.source(role).isPresent() || role != DataRole.TRAIN && splits();
    }

    /** The source for a role, opened and checked; empty when the profile has none for it. */
    public synchronized Optional<DataSource> get(DataRole role) throws DataException {
        DataSource source = opened.get(role);
        if (source != null) {
            return Optional.of(source);
        }
        if (role != DataRole.TRAIN && splits()) {
            splitOnce();
            return Optional.of(opened.get(role));
        }
        Optional<DataSpec> spec = profile.source(role);
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        source = opener.open(spec.get(), graph.input());
        DataFit.require(graph, source);
        opened.put(role, source);
        return Optional.of(source);
    }

    /** The source for a role, or a {@link DataException} saying which role has no data. */
    public DataSource require(DataRole role, String purpose) throws DataException {
        return get(role).orElseThrow(() -> new DataException(purpose + " needs " + role.displayName()
                + " data: choose it with File ▸ Data… (CLI: " + cliOption(role) + ")"));
    }

    /** Sentences about how the profile was interpreted (e.g. a split), for the UI and reports. */
    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    private static String cliOption(DataRole role) {
        return switch (role) {
            case VALIDATION -> "--data PATH";
            case TEST -> "--test-data PATH";
            case TRAIN -> "--train-data PATH";
        };
    }

    /** Exactly one of validation and test is given, and it has labels (checked when opened). */
    private boolean splits() {
        return profile.source(DataRole.VALIDATION).isPresent() != profile.source(DataRole.TEST).isPresent()
                && profile.source(DataRole.VALIDATION).or(() -> profile.source(DataRole.TEST))
                .map(s -> !s.unlabelled()).orElse(false);
    }

    private void splitOnce() throws DataException {
        if (split) {
            return;
        }
        DataSpec spec = profile.source(DataRole.VALIDATION).or(() -> profile.source(DataRole.TEST)).orElseThrow();
        DataSource whole = opener.open(spec, graph.input());
        DataFit.require(graph, whole);
        if (!whole.labelled()) {
            opened.put(DataRole.VALIDATION, whole);
            opened.put(DataRole.TEST, whole);
            notes.add(whole.name() + " has no labels: it serves validation and test alike, for agreement only");
        } else {
            StratifiedSplit.Halves halves = StratifiedSplit.halves(whole);
            opened.put(DataRole.VALIDATION, halves.validation());
            opened.put(DataRole.TEST, halves.test());
            notes.add(SPLIT_NOTE);
        }
        split = true;
    }
}
