package org.film4j.exporter;

/**
 * The samples the proof runs: {@code batch} questions as padded ids {@code [batch, seqLen]} and
 * their network inputs {@code [batch, C, H, W]}, row-major.
 *
 * @param origin where the samples come from, for the report
 * @param random whether they are random inputs rather than real data (the report warns)
 */
public record ProofBatch(long[] questions, int seqLen, float[] inputs, int batch, String origin,
    boolean random) {

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
