package org.film4j.trainer.train;

/**
 * A batch on the Java heap: question ids {@code [size, questionLength]}, inputs
 * {@code [size, C·H·W]} and answer ids {@code [size]}, row-major.
 */
record Batch(long[] questions, int questionLength, float[] inputs, long[] answers, int size,
    int[] examples) {}
