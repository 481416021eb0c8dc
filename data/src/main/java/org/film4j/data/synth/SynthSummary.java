package org.film4j.data.synth;

import java.util.Comparator;
import java.util.Map;

/**
 * What a generation run made: image and question counts and, per family name (in family order),
 * how many questions got each answer.
 */
public record SynthSummary(int images, int questions, Map<String, Map<String, Integer>> answersByFamily) {

    /** Numbers in numeric order, then words alphabetically. */
    static final Comparator<String> ANSWER_ORDER = Comparator
            .comparing((String a) -> !a.chars().allMatch(Character::isDigit))
            .thenComparing(a -> a.chars().allMatch(Character::isDigit) ? Integer.parseInt(a) : 0)
            .thenComparing(Comparator.naturalOrder());

    /** One line per family: index, name, questions, then each answer's count and share. */
    public String histogramReport() {
        StringBuilder report = new StringBuilder();
        report.append(String.format("%d images, %d questions%n", images, questions));
        for (Family family : Family.values()) {
            Map<String, Integer> answers = answersByFamily.getOrDefault(family.familyName(), Map.of());
            int total = answers.values().stream().mapToInt(Integer::intValue).sum();
            report.append(String.format("%2d %-15s %5d ", family.index(), family.familyName(), total));
            answers.forEach((answer, count) -> report.append(
                    String.format(" %s:%d (%.0f%%)", answer, count, 100.0 * count / total)));
            report.append(System.lineSeparator());
        }
        return report.toString();
    }
}
