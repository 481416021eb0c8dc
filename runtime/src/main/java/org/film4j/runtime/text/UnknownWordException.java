package org.film4j.runtime.text;

/** A word that is not in the vocabulary, met where unknown words are not allowed. */
public class UnknownWordException extends IllegalArgumentException {

  private final String word;

  public UnknownWordException(String word) {
    // The original interactive tool's phrase.
    super("No one taught me what \"" + word + "\" means");
    this.word = word;
  }

  /** The word that is missing from the vocabulary. */
  public String word() {
    return word;
  }
}
