package org.film4j.runtime.internal;

/**
 * A batch's network inputs, each distinct input decoded once.
 *
 * @param values the rows, row-major, one after another
 * @param rows how many distinct inputs
 * @param rowOf the row each question of the batch looks at
 * @param errors why a row could not be decoded; null for a decoded row
 */
public record DecodedInputs(float[] values, int rows, int[] rowOf, RuntimeException[] errors) {
}
