package dev.selene.server.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.http.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and validates a model price body ({@code POST} whole, {@code PATCH} partial) into column
 * values. Every problem is a 422 naming the JSON field.
 */
final class ModelPriceInput {
  static final int MAX_NAME_LENGTH = 200;
  static final int MAX_PATTERN_LENGTH = 1_000;
  static final int MAX_LABEL_LENGTH = 100;

  private ModelPriceInput() {}

  /** A new price: name, pattern, unit, inputCost and outputCost are required. */
  static Map<ModelPriceField, Object> forCreate(JsonNode body) {
    Map<ModelPriceField, Object> values = read(body);
    for (ModelPriceField required :
        new ModelPriceField[] {
          ModelPriceField.NAME,
          ModelPriceField.PATTERN,
          ModelPriceField.UNIT,
          ModelPriceField.INPUT_COST,
          ModelPriceField.OUTPUT_COST
        }) {
      if (!values.containsKey(required)) {
        throw ApiException.invalid(required.json, "is required");
      }
    }
    return values;
  }

  /** A partial change: only the fields present are changed; null clears the optional ones. */
  static Map<ModelPriceField, Object> forUpdate(JsonNode body) {
    return read(body);
  }

  private static Map<ModelPriceField, Object> read(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("Request body must be a JSON object");
    }
    Map<ModelPriceField, Object> values = new EnumMap<>(ModelPriceField.class);
    for (ModelPriceField field : ModelPriceField.values()) {
      if (body.has(field.json)) {
        values.put(field, value(field, body.get(field.json)));
      }
    }
    return values;
  }

  private static Object value(ModelPriceField field, JsonNode node) {
    boolean isNull = node.isNull();
    return switch (field) {
      case NAME -> text(field, node, MAX_NAME_LENGTH);
      case PATTERN -> pattern(text(field, node, MAX_PATTERN_LENGTH));
      case UNIT -> unit(node);
      case INPUT_COST, OUTPUT_COST -> price(field, node);
      case CACHED_INPUT_COST -> isNull ? null : price(field, node);
      case TOKENIZER, PROVIDER -> isNull ? null : text(field, node, MAX_LABEL_LENGTH);
      case START_DATE -> date(node);
    };
  }

  private static String text(ModelPriceField field, JsonNode node, int maxLength) {
    if (!node.isTextual() || node.textValue().isBlank()) {
      throw ApiException.invalid(field.json, "must be a non-empty string");
    }
    String text = node.textValue().trim();
    if (text.length() > maxLength) {
      throw ApiException.invalid(field.json, "must be at most " + maxLength + " characters");
    }
    return text;
  }

  private static String pattern(String regex) {
    try {
      Pattern.compile(regex);
      return regex;
    } catch (PatternSyntaxException e) {
      throw ApiException.invalid(
          ModelPriceField.PATTERN.json, "is not a valid regular expression: " + e.getDescription());
    }
  }

  private static ModelUnit unit(JsonNode node) {
    Optional<ModelUnit> unit =
        node.isTextual() ? ModelUnit.parse(node.textValue()) : Optional.empty();
    return unit.orElseThrow(
        () ->
            ApiException.invalid(
                ModelPriceField.UNIT.json,
                "must be one of TOKENS, CHARACTERS, MILLISECONDS, IMAGES"));
  }

  private static Double price(ModelPriceField field, JsonNode node) {
    if (!node.isNumber()) {
      throw ApiException.invalid(field.json, "must be a number (USD per 1,000,000 units)");
    }
    double value = node.doubleValue();
    if (!Double.isFinite(value) || value < 0) {
      throw ApiException.invalid(field.json, "must be zero or positive");
    }
    return value;
  }

  /** A date ({@code 2024-10-02}, midnight UTC) or an ISO-8601 instant with an offset. */
  private static Instant date(JsonNode node) {
    String field = ModelPriceField.START_DATE.json;
    if (!node.isTextual()) {
      throw ApiException.invalid(field, "must be a date (YYYY-MM-DD) or an ISO-8601 timestamp");
    }
    String text = node.textValue().trim();
    try {
      return text.length() == 10
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(field, "must be a date (YYYY-MM-DD) or an ISO-8601 timestamp");
    }
  }
}
