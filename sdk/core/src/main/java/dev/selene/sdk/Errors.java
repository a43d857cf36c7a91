package dev.selene.sdk;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a Java exception is sent: {@code {message, stack}}, as the other SDKs send errors. */
final class Errors {
  private Errors() {}

  static Map<String, Object> toWire(Throwable t) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message(t));
    StringWriter stack = new StringWriter();
    t.printStackTrace(new PrintWriter(stack));
    error.put("stack", stack.toString());
    return error;
  }

  /**
   * Hands a tracking failure to the application's {@link SeleneConfig#errorHandler()}, if any;
   * whatever the handler throws is swallowed, since tracking must never break the application.
   */
  static void report(SeleneConfig config, SeleneException failure) {
    java.util.function.Consumer<SeleneException> handler = config.errorHandler();
    if (handler == null) {
      return;
    }
    try {
      handler.accept(failure);
    } catch (Throwable ignored) {
      // the application's handler failed: nothing more we can do without risking a loop
    }
  }

  /** The exception's message, or its class name when it has none (a bare NullPointerException). */
  static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isEmpty() ? t.getClass().getName() : m;
  }
}
