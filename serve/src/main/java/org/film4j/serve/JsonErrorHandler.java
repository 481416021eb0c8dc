package org.film4j.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a malformed request line, headers too large, a failure outside the
 * routes) as the same JSON body as every other error, never an HTML page or a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

  private static final HttpField CONTENT_TYPE =
      new HttpField(HttpHeader.CONTENT_TYPE, FilmServer.JSON);

  JsonErrorHandler() {
    setShowStacks(false);
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) {
    response.getHeaders().put(CONTENT_TYPE);
    response.write(true, body(code, message), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(CONTENT_TYPE);
    return body(status, reason);
  }

  private static ByteBuffer body(int code, String message) {
    ObjectNode body = Json.newObject();
    body.put("error", message == null || message.isBlank() ? "HTTP " + code : message);
    return ByteBuffer.wrap(Json.bytes(body));
  }
}
