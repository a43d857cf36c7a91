package dev.selene.server.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Run ids as Lunary normalises them. SDKs send UUIDs whose version and variant nibbles may be
 * anything, or arbitrary strings (LangChain ids, OTLP span ids, {@code trace-<uuid>}); the latter
 * are mapped to a deterministic pseudo-UUID from SHA-256 exactly as the reference does, so data
 * written by either server gets the same ids.
 */
public final class RunIds {
  private static final Pattern HEX_UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private RunIds() {}

  /** The UUID for an id as sent, or null for null/empty. */
  public static UUID normalize(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (raw.length() == 36 && HEX_UUID.matcher(raw).matches()) {
      return UUID.fromString(raw);
    }
    return fromSeed(raw);
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
