package dev.selene.server.playground;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The playground's streamed answer: newline-delimited JSON ({@code application/x-ndjson}), one
 * object per line, flushed as soon as it is written. The response is committed by the first line
 * only, so a failure before any piece arrived is still answered with a proper HTTP error status.
 */
final class NdjsonStream {
  static final String CONTENT_TYPE = "application/x-ndjson; charset=utf-8";

  private final Context ctx;
  private final ObjectMapper json;
  private OutputStream out;

  NdjsonStream(Context ctx, ObjectMapper json) {
    this.ctx = ctx;
    this.json = json;
  }

  boolean started() {
    return out != null;
  }

  void write(ObjectNode line) {
    try {
      if (out == null) {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType(CONTENT_TYPE);
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        out = res.getOutputStream();
      }
      out.write(json.writeValueAsBytes(line));
      out.write('\n');
      out.flush();
      ctx.res().flushBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException("the client went away", e);
    }
  }
}
