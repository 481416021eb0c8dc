package org.film4j.serve;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the server listens and guards itself.
 *
 * @param host the address to bind: 127.0.0.1 unless asked otherwise
 * @param port the port; 0 picks a free one
 * @param deadline how long a request may wait for its answers (then 504)
 * @param bodyLimit the largest request body, in bytes (larger: 413)
 * @param idleTimeout how long a connection may send nothing (a slow or vanished client)
 * @param apiKey the key every route but health and the page needs, or {@code null} for none
 * @param dataRoot the folder {@code image_path} may read under, or {@code null}
 * @param examples the playground's example images
 * @param version the server's version, for its metadata
 */
record ServerConfig(String host, int port, Duration deadline, long bodyLimit,
    Duration idleTimeout, ApiKey apiKey, Path dataRoot, Examples examples, String version) {
}
