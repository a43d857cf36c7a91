package dev.selene.server.playground;

/**
 * Server-sent events from a line source: {@code event:} and {@code data:} fields, dispatched at
 * each blank line; comments ({@code :keep-alive}, OpenRouter's {@code : OPENROUTER PROCESSING}) are
 * skipped; several {@code data:} lines join with a newline.
 */
final class SseReader {
  interface LineSource {
    String next();
  }

  interface Listener {
    /** Returns true when the stream is complete (no more events expected). */
    boolean onEvent(String event, String data);
  }

  private SseReader() {}

  /** Reads until the listener is done (true) or the body ends (false). */
  static boolean read(LineSource lines, Listener listener) {
    String event = null;
    StringBuilder data = null;
    String line;
    while ((line = lines.next()) != null) {
      if (line.isEmpty()) {
        if (data != null && listener.onEvent(event, data.toString())) {
          return true;
        }
        event = null;
        data = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("event")) {
        event = value;
      } else if (field.equals("data")) {
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    return data != null && listener.onEvent(event, data.toString());
  }
}
