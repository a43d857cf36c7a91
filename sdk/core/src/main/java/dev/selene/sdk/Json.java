package dev.selene.sdk;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The SDK's own small JSON writer and reader, so that the core has no runtime dependency.
 *
 * <p>The writer turns application values (maps, lists, arrays, strings, numbers, booleans, enums,
 * dates, UUIDs, {@link Optional}s and Java records) into JSON; anything else goes through the
 * configured value mapper, or becomes its {@code toString()}. A value that cannot be written (it
 * throws while being read, or nests deeper than {@link #MAX_DEPTH}) is replaced by a string naming
 * the problem rather than losing the event.
 */
final class Json {
  /** Deeper values are cut: servers limit the nesting of a request, and cycles must terminate. */
  static final int MAX_DEPTH = 32;

  private static final Map<Class<?>, Method[]> RECORD_ACCESSORS = new ConcurrentHashMap<>();
  private static final Method[] NOT_A_RECORD = new Method[0];

  private Json() {}

  // ---------------------------------------------------------------- writing

  /** Writes JSON values into a {@link StringBuilder}. */
  static final class Writer {
    private final StringBuilder out;
    private final Function<Object, Object> mapper;

    Writer(StringBuilder out, Function<Object, Object> mapper) {
      this.out = out;
      this.mapper = mapper;
    }

    StringBuilder out() {
      return out;
    }

    /** Writes {@code value}; if reading it throws, writes a string naming the failure instead. */
    void safeValue(Object value) {
      int mark = out.length();
      try {
        value(value, 0);
      } catch (RuntimeException | StackOverflowError e) {
        out.setLength(mark);
        string("[unserializable " + value.getClass().getName() + ": " + e + "]");
      }
    }

    void value(Object value, int depth) {
      if (value == null) {
        out.append("null");
      } else if (value instanceof CharSequence) {
        string(value.toString());
      } else if (value instanceof Boolean) {
        out.append(value.toString());
      } else if (value instanceof Number) {
        number((Number) value);
      } else if (depth >= MAX_DEPTH) {
        string("[max depth]");
      } else if (value instanceof Map) {
        object((Map<?, ?>) value, depth);
      } else if (value instanceof Iterable) {
        out.append('[');
        boolean first = true;
        for (Object item : (Iterable<?>) value) {
          if (!first) out.append(',');
          first = false;
          value(item, depth + 1);
        }
        out.append(']');
      } else if (value.getClass().isArray()) {
        out.append('[');
        int n = Array.getLength(value);
        for (int i = 0; i < n; i++) {
          if (i > 0) out.append(',');
          value(Array.get(value, i), depth + 1);
        }
        out.append(']');
      } else if (value instanceof Optional) {
        value(((Optional<?>) value).orElse(null), depth);
      } else if (value instanceof Enum) {
        string(((Enum<?>) value).name());
      } else if (value instanceof Character
          || value instanceof UUID
          || value instanceof TemporalAccessor) {
        string(value.toString());
      } else if (value instanceof Date) {
        string(((Date) value).toInstant().toString());
      } else if (value instanceof Throwable) {
        object(Errors.toWire((Throwable) value), depth);
      } else {
        other(value, depth);
      }
    }

    private void other(Object value, int depth) {
      Method[] accessors = recordAccessors(value.getClass());
      if (accessors != NOT_A_RECORD) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Method m : accessors) {
          try {
            fields.put(m.getName(), m.invoke(value));
          } catch (ReflectiveOperationException e) {
            fields.put(m.getName(), "[unreadable: " + e + "]");
          }
        }
        object(fields, depth);
        return;
      }
      if (mapper != null) {
        Object mapped = mapper.apply(value);
        if (mapped != value && mapped != null) {
          value(mapped, depth + 1);
          return;
        }
      }
      string(value.toString());
    }

    void object(Map<?, ?> map, int depth) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) out.append(',');
        first = false;
        string(String.valueOf(e.getKey()));
        out.append(':');
        value(e.getValue(), depth + 1);
      }
      out.append('}');
    }

    void number(Number n) {
      if (n instanceof Double || n instanceof Float) {
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          out.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
          out.append((long) d);
        } else {
          out.append(d);
        }
      } else if (n instanceof java.math.BigDecimal) {
        out.append(((java.math.BigDecimal) n).toPlainString());
      } else {
        out.append(n.toString());
      }
    }

    void string(String s) {
      out.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"':
            out.append("\\\"");
            break;
          case '\\':
            out.append("\\\\");
            break;
          case '\n':
            out.append("\\n");
            break;
          case '\r':
            out.append("\\r");
            break;
          case '\t':
            out.append("\\t");
            break;
          default:
            if (c < 0x20 || c == 0x2028 || c == 0x2029) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
        }
      }
      out.append('"');
    }
  }

  /** Java records, read reflectively so the SDK still compiles for (and runs on) Java 11. */
  private static Method[] recordAccessors(Class<?> type) {
    return RECORD_ACCESSORS.computeIfAbsent(type, Json::findRecordAccessors);
  }

  private static Method[] findRecordAccessors(Class<?> type) {
    try {
      Method isRecord = Class.class.getMethod("isRecord");
      if (!(Boolean) isRecord.invoke(type)) {
        return NOT_A_RECORD;
      }
      Object[] components = (Object[]) Class.class.getMethod("getRecordComponents").invoke(type);
      Method[] accessors = new Method[components.length];
      for (int i = 0; i < components.length; i++) {
        Method accessor =
            (Method) components[i].getClass().getMethod("getAccessor").invoke(components[i]);
        accessor.setAccessible(true);
        accessors[i] = accessor;
      }
      return accessors;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return NOT_A_RECORD; // Java 11-15, or a record we may not read
    }
  }

  /** Writes one value as a JSON document. */
  static String write(Object value) {
    Writer w = new Writer(new StringBuilder(), null);
    w.value(value, 0);
    return w.out().toString();
  }

  // ---------------------------------------------------------------- reading

  /**
   * Parses a JSON document into maps ({@link LinkedHashMap}), lists, strings, {@link Long}s or
   * {@link Double}s, booleans and {@code null}.
   *
   * @throws IllegalArgumentException when the text is not JSON
   */
  static Object parse(String text) {
    Reader r = new Reader(text);
    r.skipSpace();
    Object v = r.value(0);
    r.skipSpace();
    if (r.pos != text.length()) {
      throw r.error("unexpected trailing characters");
    }
    return v;
  }

  private static final class Reader {
    private final String s;
    private int pos;

    Reader(String s) {
      this.s = s;
    }

    Object value(int depth) {
      if (depth > 512) throw error("nesting too deep");
      if (pos >= s.length()) throw error("unexpected end");
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return object(depth);
        case '[':
          return array(depth);
        case '"':
          return string();
        case 't':
          return literal("true", Boolean.TRUE);
        case 'f':
          return literal("false", Boolean.FALSE);
        case 'n':
          return literal("null", null);
        default:
          if (c == '-' || (c >= '0' && c <= '9')) return number();
          throw error("unexpected character '" + c + "'");
      }
    }

    private Map<String, Object> object(int depth) {
      pos++;
      Map<String, Object> map = new LinkedHashMap<>();
      skipSpace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      while (true) {
        skipSpace();
        if (peek() != '"') throw error("expected a key");
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        map.put(key, value(depth + 1));
        skipSpace();
        char c = next();
        if (c == '}') return map;
        if (c != ',') throw error("expected ',' or '}'");
      }
    }

    private List<Object> array(int depth) {
      pos++;
      List<Object> list = new ArrayList<>();
      skipSpace();
      if (peek() == ']') {
        pos++;
        return list;
      }
      while (true) {
        skipSpace();
        list.add(value(depth + 1));
        skipSpace();
        char c = next();
        if (c == ']') return list;
        if (c != ',') throw error("expected ',' or ']'");
      }
    }

    private String string() {
      pos++;
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') return b.toString();
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"':
          case '\\':
          case '/':
            b.append(e);
            break;
          case 'b':
            b.append('\b');
            break;
          case 'f':
            b.append('\f');
            break;
          case 'n':
            b.append('\n');
            break;
          case 'r':
            b.append('\r');
            break;
          case 't':
            b.append('\t');
            break;
          case 'u':
            if (pos + 4 > s.length()) throw error("bad unicode escape");
            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            pos += 4;
            break;
          default:
            throw error("bad escape");
        }
      }
    }

    private Object number() {
      int start = pos;
      boolean decimal = false;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '.' || c == 'e' || c == 'E') {
          decimal = true;
        } else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) {
          break;
        }
        pos++;
      }
      String n = s.substring(start, pos);
      try {
        if (!decimal) {
          try {
            return Long.parseLong(n);
          } catch (NumberFormatException tooBig) {
            return new java.math.BigDecimal(n);
          }
        }
        return Double.parseDouble(n);
      } catch (NumberFormatException e) {
        throw error("bad number '" + n + "'");
      }
    }

    private Object literal(String word, Object value) {
      if (!s.startsWith(word, pos)) throw error("unexpected token");
      pos += word.length();
      return value;
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    private char peek() {
      if (pos >= s.length()) throw error("unexpected end");
      return s.charAt(pos);
    }

    private char next() {
      char c = peek();
      pos++;
      return c;
    }

    private void expect(char c) {
      if (next() != c) throw error("expected '" + c + "'");
    }

    IllegalArgumentException error(String problem) {
      return new IllegalArgumentException("Invalid JSON at offset " + pos + ": " + problem);
    }
  }
}
