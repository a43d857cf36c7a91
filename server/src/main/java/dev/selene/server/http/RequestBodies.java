package dev.selene.server.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads request bodies with the size limit enforced before any parsing: a declared length over the
 * limit is refused at once, and a streamed or gzip-compressed body is cut off as soon as it passes
 * the limit (so a small compressed body cannot expand without bound).
 */
public final class RequestBodies {
  private RequestBodies() {}

  public static byte[] read(Context ctx, long maxBytes) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try (InputStream raw = ctx.req().getInputStream();
        InputStream in = isGzip(ctx) ? new GZIPInputStream(raw) : raw) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
      byte[] buffer = new byte[16384];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge(maxBytes);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (java.util.zip.ZipException e) {
      throw ApiException.badRequest("Request body is not valid gzip: " + e.getMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("Could not read the request body: " + e.getMessage());
    }
  }

  private static boolean isGzip(Context ctx) {
    String encoding = ctx.header("Content-Encoding");
    return encoding != null && encoding.trim().equalsIgnoreCase("gzip");
  }

  private static ApiException tooLarge(long maxBytes) {
    return ApiException.tooLarge(
        "Request body is larger than "
            + maxBytes
            + " bytes (SELENE_MAX_BODY_BYTES); send smaller batches");
  }
}
