package dev.selene.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.otlp.Rule.Extracted;
import dev.selene.server.otlp.Rule.Extractor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The building blocks of the rule tables: how a value is read from one or more attributes. */
final class Extractors {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Extractors() {}

  /** A non-empty string (numbers and booleans are written as text). */
  static Extractor text(String key) {
    return s -> {
      JsonNode v = s.attr(key);
      if (v == null || v.isContainerNode() || v.asText().isEmpty()) {
        return null;
      }
      return found(NODES.textNode(v.asText()), key);
    };
  }

  /** A whole number, also from a numeric string or a double (collector metrics are doubles). */
  static Extractor integer(String key) {
    return s -> {
      Long n = Values.asLong(s.attr(key));
      return n == null ? null : found(NODES.numberNode(n), key);
    };
  }

  static Extractor number(String key) {
    return s -> {
      Double n = Values.asDouble(s.attr(key));
      return n == null ? null : found(NODES.numberNode(n), key);
    };
  }

  static Extractor bool(String key) {
    return s -> {
      JsonNode v = s.attr(key);
      if (v == null) {
        return null;
      }
      if (v.isBoolean()) {
        return found(v, key);
      }
      String t = v.asText().toLowerCase(Locale.ROOT);
      return "true".equals(t) || "false".equals(t)
          ? found(NODES.booleanNode("true".equals(t)), key)
          : null;
    };
  }

  /** Any value; strings holding JSON objects or arrays are parsed. */
  static Extractor json(String key) {
    return json(key, v -> v);
  }

  /** A JSON value converted; a conversion returning null means "not usable". */
  static Extractor json(String key, Function<JsonNode, JsonNode> convert) {
    return s -> {
      JsonNode v = s.attr(key);
      if (v == null) {
        return null;
      }
      JsonNode converted = convert.apply(Values.parseJson(v));
      return converted == null || converted.isNull() ? null : found(converted, key);
    };
  }

  /** A JSON value converted with access to the whole span (e.g. to add a system prompt). */
  static Extractor json(String key, BiFunction<JsonNode, SpanView, Extracted> convert) {
    return s -> {
      JsonNode v = s.attr(key);
      return v == null ? null : convert.apply(Values.parseJson(v), s);
    };
  }

  /** Any JSON text, scalars included ({@code "\"text\""} → text); non-JSON text as is. */
  static Extractor jsonText(String key, Function<JsonNode, JsonNode> convert) {
    return s -> {
      JsonNode v = s.attr(key);
      if (v == null) {
        return null;
      }
      JsonNode parsed = v.isTextual() ? Values.parseAny(v.asText()) : v;
      JsonNode converted = convert.apply(parsed);
      return converted == null || converted.isNull() ? null : found(converted, key);
    };
  }

  /** A list of strings: an array, a JSON array string, or one string. */
  static Extractor stringList(String key) {
    return s -> {
      JsonNode v = s.attr(key);
      if (v == null) {
        return null;
      }
      ArrayNode list = Values.stringList(Values.parseJson(v));
      return list == null || list.isEmpty() ? null : found(list, key);
    };
  }

  /** A value looked up in a table (case-insensitive), e.g. an operation name to a run type. */
  static Extractor lookup(String key, Map<String, String> table) {
    return s -> {
      JsonNode v = s.attr(key);
      if (v == null || v.isContainerNode()) {
        return null;
      }
      String mapped = table.get(v.asText().trim().toLowerCase(Locale.ROOT));
      return mapped == null
          ? null
          : new Extracted(NODES.textNode(mapped), key + "=" + v.asText(), List.of());
    };
  }

  /** A constant when the attribute is present, e.g. {@code agent_name} present → agent. */
  static Extractor whenPresent(String key, String value) {
    return s ->
        s.has(key) ? new Extracted(NODES.textNode(value), key + " present", List.of()) : null;
  }

  /** The first of several extractors that finds something. */
  static Extractor first(Extractor... extractors) {
    return s -> {
      for (Extractor e : extractors) {
        Extracted x = e.from(s);
        if (x != null) {
          return x;
        }
      }
      return null;
    };
  }

  /** Wraps a value as {@code {key: value}} for the object fields (params, metadata). */
  static Extractor under(String key, Extractor inner) {
    return s -> {
      Extracted x = inner.from(s);
      if (x == null) {
        return null;
      }
      ObjectNode o = NODES.objectNode();
      o.set(key, x.value());
      return new Extracted(o, x.source(), x.keys());
    };
  }

  /**
   * All attributes under a prefix as an object of the remaining key → value, e.g. {@code
   * ai.telemetry.metadata.plan} → {@code plan}. Keys used by earlier rules are left out.
   */
  static Extractor prefixed(String prefix) {
    return s -> {
      Map<String, JsonNode> found = s.withPrefix(prefix);
      if (found.isEmpty()) {
        return null;
      }
      ObjectNode o = NODES.objectNode();
      found.forEach((k, v) -> o.set(k.substring(prefix.length()), v));
      return new Extracted(o, prefix + "*", new ArrayList<>(found.keySet()));
    };
  }

  /**
   * Flattened indexed attributes such as {@code gen_ai.prompt.0.role}, grouped by index (in numeric
   * order) into objects of the remaining path, then converted.
   */
  static Extractor indexed(String prefix, Function<List<Map<String, JsonNode>>, JsonNode> convert) {
    return indexed(prefix, rest -> true, convert);
  }

  /**
   * As {@link #indexed(String, Function)}, reading (and using up) only the sub-keys {@code uses}
   * accepts, so that e.g. a completion's {@code finish_reason} stays in metadata.
   */
  static Extractor indexed(
      String prefix,
      java.util.function.Predicate<String> uses,
      Function<List<Map<String, JsonNode>>, JsonNode> convert) {
    return s -> {
      Map<String, JsonNode> flat = s.withPrefix(prefix + ".");
      TreeMap<Integer, Map<String, JsonNode>> groups = new TreeMap<>();
      List<String> keys = new ArrayList<>();
      for (var e : flat.entrySet()) {
        String rest = e.getKey().substring(prefix.length() + 1);
        int dot = rest.indexOf('.');
        String index = dot < 0 ? rest : rest.substring(0, dot);
        if (dot < 0
            || !index.chars().allMatch(Character::isDigit)
            || index.length() > 6
            || !uses.test(rest.substring(dot + 1))) {
          continue;
        }
        groups
            .computeIfAbsent(Integer.parseInt(index), i -> new java.util.LinkedHashMap<>())
            .put(rest.substring(dot + 1), e.getValue());
        keys.add(e.getKey());
      }
      if (groups.isEmpty()) {
        return null;
      }
      JsonNode value = convert.apply(new ArrayList<>(groups.values()));
      return value == null ? null : new Extracted(value, prefix + ".*", keys);
    };
  }

  /** Span events with the given names, converted (e.g. GenAI message events to messages). */
  static Extractor events(Set<String> names, Function<List<OtelSpan.Event>, JsonNode> convert) {
    return s -> {
      List<OtelSpan.Event> events = s.events(names);
      if (events.isEmpty()) {
        return null;
      }
      JsonNode value = convert.apply(events);
      if (value == null) {
        return null;
      }
      List<String> keys = new ArrayList<>();
      events.forEach(e -> keys.add("event:" + e.name()));
      return new Extracted(
          value, "events " + String.join(", ", new java.util.TreeSet<>(names)), keys);
    };
  }

  static Extracted found(JsonNode value, String key) {
    return new Extracted(value, key, List.of(key));
  }
}
