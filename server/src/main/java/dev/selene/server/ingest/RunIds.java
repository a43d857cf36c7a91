package dev.selene.server.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Run ids as Lunary normalises them. SDKs send UUIDs whose version and variant nibbles may be
 * anything, or arbitrary strings (LangChain ids, OTLP span ids, {@code trace-<uuid>}); the latter
 * are mapped to a deterministic pseudo-UUID from SHA-256 exactly as the reference does, so data
 * written by either server gets the same ids.
 */
public final class RunIds {
  private RunIds() {}

  /** The UUID for an id as sent, or null for null/empty. */
  public static UUID normalize(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    UUID canonical = canonical(raw);
    return canonical != null ? canonical : fromSeed(raw);
  }

  /**
   * The UUID written in the canonical 8-4-4-4-12 hex form (any case, any version and variant), or
   * null. Every event carries one or two ids, so this is a single pass instead of a regular
   * expression followed by {@link UUID#fromString} (a tenth of the ingest route's CPU in a
   * profile).
   */
  private static UUID canonical(String s) {
    if (s.length() != 36) {
      return null;
    }
    long high = 0;
    long low = 0;
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return null;
        }
        continue;
      }
      int digit = hexDigit(c);
      if (digit < 0) {
        return null;
      }
      // The first 16 hex digits (before the third dash) are the high 64 bits.
      if (i < 18) {
        high = high << 4 | digit;
      } else {
        low = low << 4 | digit;
      }
    }
    return new UUID(high, low);
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Lunary's {@code uuidFromSeed}: sha256 hex h → h[0,8)-h[8,12)-4h[13,16)-ah[17,20)-h[20,32). */
  public static UUID fromSeed(String seed) {
    String h = sha256Hex(seed);
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

  private static String sha256Hex(String s) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
