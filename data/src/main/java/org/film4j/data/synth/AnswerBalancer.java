package org.film4j.data.synth;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps each family's answers spread, by rejection as CLEVR does: an answer is turned down once it has
 * more than {@link Family#maxShare()} of the family's questions so far plus a small allowance. The
 * allowance lets sampling start and never blocks the rarest answer, so a family can always grow.
 */
final class AnswerBalancer {

    private static final int ALLOWANCE = 1;

    private final Map<Family, Map<String, Integer>> counts = new EnumMap<>(Family.class);
    private final Map<Family, Integer> totals = new EnumMap<>(Family.class);

    boolean accepts(Family family, String answer) {
        int count = counts.getOrDefault(family, Map.of()).getOrDefault(answer, 0);
        int total = totals.getOrDefault(family, 0);
        return count < ALLOWANCE + family.maxShare() * total;
    }

    void record(Family family, String answer) {
        counts.computeIfAbsent(family, f -> new HashMap<>()).merge(answer, 1, Integer::sum);
        totals.merge(family, 1, Integer::sum);
    }

    int total(Family family) {
        return totals.getOrDefault(family, 0);
    }
}
