package org.film4j.trainer.train;

/**
 * A batch on the Java heap: question ids {@code [size, questionLength]}, the distinct images (or
 * feature maps) they ask about {@code [images, C·H·W]}, which of those each question asks about
 * {@code [size]}, answer ids {@code [size]}, row-major, and when the scene loss is on, the
 * images' {@link SceneTargets} {@code [images, outputs, rows, cols]} (else null).
 */
record Batch(long[] questions, int questionLength, float[] inputs, int images,
    long[] imageOfQuestion, long[] answers, int size, int[] examples, long[] sceneTargets) {}
