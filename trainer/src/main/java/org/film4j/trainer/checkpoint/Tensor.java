package org.film4j.trainer.checkpoint;

/** A named model tensor's shape and its values, row-major (placeholder until the model branch). */
public record Tensor(long[] shape, float[] data) {}
