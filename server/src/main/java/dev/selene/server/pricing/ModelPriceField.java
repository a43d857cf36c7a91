package dev.selene.server.pricing;

import java.sql.Types;

/**
 * The columns of a model price a client may set, with their JSON names. Inserts and partial updates
 * are built from these constants only, so no client text ever reaches the SQL.
 */
enum ModelPriceField {
  NAME("name", "name", Types.VARCHAR),
  PATTERN("pattern", "pattern", Types.VARCHAR),
  UNIT("unit", "unit", Types.VARCHAR),
  INPUT_COST("inputCost", "input_cost", Types.DOUBLE),
  OUTPUT_COST("outputCost", "output_cost", Types.DOUBLE),
  CACHED_INPUT_COST("cachedInputCost", "cached_input_cost", Types.DOUBLE),
  TOKENIZER("tokenizer", "tokenizer", Types.VARCHAR),
  PROVIDER("provider", "provider", Types.VARCHAR),
  START_DATE("startDate", "start_date", Types.TIMESTAMP_WITH_TIMEZONE);

  final String json;
  final String column;
  final int sqlType;

  ModelPriceField(String json, String column, int sqlType) {
    this.json = json;
    this.column = column;
    this.sqlType = sqlType;
  }
}
