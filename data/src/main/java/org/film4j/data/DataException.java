package org.film4j.data;

/**
 * Input data that cannot be read or is not what it claims to be. The message always names the
 * file and, where there is one, the item (question, scene, dataset, token) and the cause.
 * Unchecked so that the streaming readers can raise it from {@link java.util.Iterator#next()}.
 */
public class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
