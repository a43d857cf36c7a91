package dev.selene.server.otlp;

import dev.selene.server.http.ApiException;
import java.util.Locale;

/** The two OTLP/HTTP encodings, chosen by the request's Content-Type; replies use the same. */
enum OtlpEncoding {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  final String contentType;

  OtlpEncoding(String contentType) {
    this.contentType = contentType;
  }

  /**
   * The encoding named by {@code Content-Type} (parameters such as charset ignored). A missing
   * header is guessed from the body's first byte; anything else is refused with 415.
   */
  static OtlpEncoding of(String contentType, byte[] body) {
    if (contentType == null || contentType.isBlank()) {
      return looksLikeJson(body) ? JSON : PROTOBUF;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return switch (type) {
      case "application/x-protobuf", "application/protobuf", "application/vnd.google.protobuf" ->
          PROTOBUF;
      case "application/json" -> JSON;
      default ->
          throw new ApiException(
              415,
              "Unsupported Content-Type '"
                  + type
                  + "': send OTLP as application/x-protobuf or application/json");
    };
  }

  /** Refuses (415) a Content-Type that names neither encoding, before the body is read. */
  static void requireSupported(String contentType) {
    if (contentType != null && !contentType.isBlank()) {
      of(contentType, new byte[0]);
    }
  }

  private static boolean looksLikeJson(byte[] body) {
    for (byte b : body) {
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        continue;
      }
      return b == '{';
    }
    return false;
  }
}
