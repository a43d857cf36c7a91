package dev.selene.server.otlp;

/**
 * The run fields a span attribute can fill. {@link #PARAMS} and {@link #METADATA} are objects
 * filled key by key; every other field takes the first value found, in convention priority order.
 */
enum Field {
  TYPE("type"),
  NAME("name"),
  MODEL("model"),
  PROVIDER("metadata.provider"),
  INPUT("input"),
  OUTPUT("output"),
  PARAMS("params"),
  PROMPT_TOKENS("tokens.prompt"),
  COMPLETION_TOKENS("tokens.completion"),
  CACHED_PROMPT_TOKENS("tokens.promptCached"),
  REASONING_TOKENS("metadata.otel.usage.reasoningTokens"),
  COST("metadata.otel.usage.cost"),
  USER_ID("userId"),
  USER_PROPS("userProps"),
  TAGS("tags"),
  THREAD_ID("metadata.threadId"),
  CUSTOMER_ID("metadata.customerId"),
  TEMPLATE_VERSION_ID("templateVersionId"),
  METADATA("metadata");

  /** How the field is named in the mapping provenance ({@code metadata.otel.mapping}). */
  final String label;

  Field(String label) {
    this.label = label;
  }
}
