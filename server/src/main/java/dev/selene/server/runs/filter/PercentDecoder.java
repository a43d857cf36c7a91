package dev.selene.server.runs.filter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of query-string parts. {@link java.net.URLDecoder} always turns {@code +} into a
 * space, which is right for the first decoding of a raw query string but wrong for the second
 * decoding that multi-select values get (a tag {@code c++} arrives as {@code c%252B%252B}).
 */
final class PercentDecoder {
  private PercentDecoder() {}

  /**
   * Decodes {@code %XX} sequences as UTF-8.
   *
   * @param plusIsSpace whether {@code +} means a space (form encoding)
   * @throws IllegalArgumentException on a malformed {@code %} sequence
   */
  static String decode(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%') {
        while (i < s.length() && s.charAt(i) == '%') {
          if (i + 2 >= s.length()) {
            throw new IllegalArgumentException("incomplete %-escape in '" + s + "'");
          }
          int hi = Character.digit(s.charAt(i + 1), 16);
          int lo = Character.digit(s.charAt(i + 2), 16);
          if (hi < 0 || lo < 0) {
            throw new IllegalArgumentException("invalid %-escape in '" + s + "'");
          }
          bytes.write(hi * 16 + lo);
          i += 3;
        }
        out.append(bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
      } else {
        out.append(plusIsSpace && c == '+' ? ' ' : c);
        i++;
      }
    }
    return out.toString();
  }

  /** A second decoding that keeps the value as it is when it is not valid percent-encoding. */
  static String decodeLeniently(String s) {
    try {
      return decode(s, false);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
