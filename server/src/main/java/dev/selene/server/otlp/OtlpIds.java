package dev.selene.server.otlp;

import java.util.Base64;
import java.util.HexFormat;

/**
 * Trace and span ids. OTLP carries them as bytes (16 and 8); OTLP/JSON writes them as lowercase
 * hex, not base64 as protobuf's own JSON mapping would (so {@code JsonFormat} mis-decodes them).
 * Some hand-written clients send base64 anyway; both are accepted and normalised to hex.
 */
final class OtlpIds {
  static final int TRACE_ID_BYTES = 16;
  static final int SPAN_ID_BYTES = 8;

  private static final HexFormat HEX = HexFormat.of();

  private OtlpIds() {}

  /** Lowercase hex of valid id bytes, or null when the length is wrong or all bytes are zero. */
  static String hex(byte[] bytes, int expectedLength) {
    if (bytes.length != expectedLength || allZero(bytes)) {
      return null;
    }
    return HEX.formatHex(bytes);
  }

  /** An id written as text in OTLP/JSON: hex (the standard) or base64; null when neither. */
  static String fromText(String text, int expectedLength) {
    if (text == null) {
      return null;
    }
    String trimmed = text.trim();
    if (trimmed.length() == expectedLength * 2 && isHex(trimmed)) {
      return hex(HEX.parseHex(trimmed), expectedLength);
    }
    try {
      return hex(Base64.getDecoder().decode(trimmed), expectedLength);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  static String describe(String raw) {
    if (raw == null) {
      return "missing";
    }
    return raw.length() > 40 ? "'" + raw.substring(0, 40) + "…'" : "'" + raw + "'";
  }
}
