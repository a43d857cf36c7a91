package dev.selene.server.runs;

import dev.selene.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Run ids in paths and query parameters, read the way ingestion stores them: a 36-character id must
 * be a UUID, and any other id (an SDK's {@code trace-…}, an OTel span id, a caller's own name) is
 * the deterministic SHA-256 pseudo-UUID the reference derives from it, so the id a caller tracked
 * with is the id it can read, score or delete with.
 */
final class RunIds {
  private RunIds() {}

  static UUID parse(String field, String raw) {
    if (raw == null || raw.isEmpty()) {
      throw ApiException.invalid(field, "a run id is required");
    }
    if (raw.length() == 36) {
      try {
        return UUID.fromString(raw);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(field, "not a valid run id (36 characters but not a UUID)");
      }
    }
    return pseudoUuid(raw);
  }

  /** {@code h[0..8]-h[8..12]-4h[13..16]-ah[17..20]-h[20..32]} of the SHA-256 hex digest. */
  static UUID pseudoUuid(String id) {
    String h;
    try {
      h =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
    return UUID.fromString(
        h.substring(0, 8)
            + "-"
            + h.substring(8, 12)
            + "-4"
            + h.substring(13, 16)
            + "-a"
            + h.substring(17, 20)
            + "-"
            + h.substring(20, 32));
  }
}
