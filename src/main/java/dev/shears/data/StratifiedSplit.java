package dev.shears.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Splits one labelled source into two halves with the same class proportions, the same way every
 * time (seeded): what Shears does when a user gives a single labelled source, so that choices are
 * made on one half (validation) and graded on the other (test).
 */
public final class StratifiedSplit {
    public static final long SEED = 20_251_201L;

    private StratifiedSplit() {
    }

    public record Halves(DataSource validation, DataSource test) {
    }

    public static Halves halves(DataSource source) throws DataException {
        if (!source.labelled()) {
            throw new DataException(source.name() + " has no labels: it cannot be split by class");
        }
        if (source.size() < 2) {
            throw new DataException(source.name() + " holds " + source.size()
                    + " example; splitting it into validation and test needs at least 2");
        }
        int[] labels = source.labels();
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        Random random = new Random(SEED);
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        for (List<Integer> members : byClass.values()) {
            java.util.Collections.shuffle(members, random);
            // odd classes alternate which half gets the extra example, so the halves stay within one
            int half = (members.size() + (first.size() > second.size() ? 0 : 1)) / 2;
            first.addAll(members.subList(0, half));
            second.addAll(members.subList(half, members.size()));
        }
        first.sort(null);
        second.sort(null);
        return new Halves(
                new Subset(source, toArray(first), source.name() + ", validation half"),
                new Subset(source, toArray(second), source.name() + ", test half"));
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
