package dev.selene.server.runs.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.http.ApiException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One positional parameter of a check. In the query string a check's parameters are joined with
 * {@code .} in this order; how each part is decoded depends on its kind, as in the reference's
 * serializer: single values are percent-decoded once, the items of a multi-select are
 * comma-separated and each percent-decoded twice.
 */
record Param(String name, Kind kind, Set<String> choices) {
  enum Kind {
    /** Free text. */
    TEXT,
    /** One of {@link #choices}. */
    CHOICE,
    /** Comma-separated list of strings. */
    LIST,
    /** Comma-separated list of integer ids. */
    ID_LIST,
    /** Comma-separated list of JSON objects (feedback values such as {@code {"thumb":"up"}}). */
    JSON_LIST,
    /** A decimal number. */
    NUMBER,
    /** An ISO-8601 date-time (or a date, meaning its start in UTC). */
    DATE
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  static Param text(String name) {
    return new Param(name, Kind.TEXT, Set.of());
  }

  static Param choice(String name, String... choices) {
    return new Param(name, Kind.CHOICE, new LinkedHashSet<>(List.of(choices)));
  }

  static Param operator() {
    return new Param("operator", Kind.CHOICE, new LinkedHashSet<>(Operators.NAMES));
  }

  static Param list(String name) {
    return new Param(name, Kind.LIST, Set.of());
  }

  static Param ids(String name) {
    return new Param(name, Kind.ID_LIST, Set.of());
  }

  static Param jsonObjects(String name) {
    return new Param(name, Kind.JSON_LIST, Set.of());
  }

  static Param number(String name) {
    return new Param(name, Kind.NUMBER, Set.of());
  }

  static Param date(String name) {
    return new Param(name, Kind.DATE, Set.of());
  }

  /** Decodes one raw, still percent-encoded part; a bad value is a 422 naming the check. */
  Object decode(String check, String raw) {
    try {
      return switch (kind) {
        case TEXT -> once(raw);
        case CHOICE -> {
          String value = once(raw);
          if (!choices.contains(value)) {
            throw ApiException.invalid(
                check,
                name + " must be one of " + String.join(", ", choices) + ", got '" + value + "'");
          }
          yield value;
        }
        case LIST -> items(raw);
        case ID_LIST -> {
          List<Long> ids = new ArrayList<>();
          for (String item : items(raw)) {
            try {
              ids.add(Long.parseLong(item.trim()));
            } catch (NumberFormatException e) {
              throw ApiException.invalid(
                  check, name + " must be comma-separated numeric ids, got '" + item + "'");
            }
          }
          yield List.copyOf(ids);
        }
        case JSON_LIST -> {
          List<JsonNode> objects = new ArrayList<>();
          for (String item : items(raw)) {
            objects.add(jsonObject(check, item));
          }
          yield List.copyOf(objects);
        }
        case NUMBER -> {
          String value = once(raw).trim();
          BigDecimal number;
          try {
            number = new BigDecimal(value);
          } catch (NumberFormatException e) {
            throw ApiException.invalid(check, name + " must be a number, got '" + value + "'");
          }
          // PostgreSQL's numeric and float8 stop far below what BigDecimal can spell (1e999999).
          if (number.signum() != 0 && Math.abs(number.precision() - number.scale()) > 300) {
            throw ApiException.invalid(check, name + " is out of range: '" + value + "'");
          }
          yield number;
        }
        case DATE -> parseDate(check, once(raw).trim());
      };
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(check, "malformed percent-encoding in '" + raw + "'");
    }
  }

  private static String once(String raw) {
    return PercentDecoder.decode(raw, true);
  }

  private static List<String> items(String raw) {
    List<String> items = new ArrayList<>();
    for (String item : raw.split(",", -1)) {
      if (!item.isEmpty()) {
        items.add(PercentDecoder.decodeLeniently(PercentDecoder.decode(item, true)));
      }
    }
    return List.copyOf(items);
  }

  private JsonNode jsonObject(String check, String item) {
    try {
      JsonNode node = JSON.readTree(item);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw ApiException.invalid(
        check, name + " must be JSON objects such as {\"thumb\":\"up\"}, got '" + item + "'");
  }

  private OffsetDateTime parseDate(String check, String value) {
    OffsetDateTime date;
    try {
      date = OffsetDateTime.parse(value);
    } catch (DateTimeParseException notDateTime) {
      try {
        date = LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC);
      } catch (DateTimeParseException notDate) {
        date = null;
      }
    }
    if (date == null || date.getYear() < 1 || date.getYear() > 9999) {
      throw ApiException.invalid(
          check,
          name
              + " must be an ISO-8601 date-time such as 2025-01-31T00:00:00.000Z, got '"
              + value
              + "'");
    }
    return date;
  }
}
