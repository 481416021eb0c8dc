package org.film4j.trainer.train;

/**
 * A run whose loss or gradients became NaN or infinite: it stops there, its checkpoints left as
 * the last good ones. The message names the step and what to try.
 */
public final class NonFiniteException extends RuntimeException {

  NonFiniteException(String message) {
    super(message);
  }

  NonFiniteException(String message, NonFiniteException cause) {
    super(message, cause);
  }
}
