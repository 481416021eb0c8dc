package org.film4j.exporter;

/**
 * The samples the proof runs: {@code batch} questions as padded ids {@code [batch, seqLen]} and
 * their network inputs {@code [batch, C, H, W]}, row-major.
 */
public record ProofBatch(long[] questions, int seqLen, float[] inputs, int batch) {

  public ProofBatch {
    if (batch <= 0 || seqLen <= 0 || questions.length != (long) batch * seqLen) {
      throw new IllegalArgumentException("proof batch has " + questions.length
          + " question ids, not batch " + batch + " × seq " + seqLen);
    }
    if (inputs.length % batch != 0) {
      throw new IllegalArgumentException("proof batch has " + inputs.length
          + " input values, not a multiple of batch " + batch);
    }
  }
}
