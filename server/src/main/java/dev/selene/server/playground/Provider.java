package dev.selene.server.playground;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The LLM providers the playground can call, with the protocol each speaks, where its key and base
 * URL come from in the environment (the names of the self-hosting docs and the vendors' SDKs), and
 * its public base URL.
 */
enum Provider {
  OPENAI(
      "openai", "OpenAI", false, "OPENAI_API_KEY", "OPENAI_BASE_URL", "https://api.openai.com/v1"),
  AZURE_OPENAI(
      "azure_openai", "Azure OpenAI", false, "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", null),
  ANTHROPIC(
      "anthropic",
      "Anthropic",
      true,
      "ANTHROPIC_API_KEY",
      "ANTHROPIC_BASE_URL",
      "https://api.anthropic.com"),
  OPENROUTER(
      "openrouter",
      "OpenRouter",
      false,
      "OPENROUTER_API_KEY",
      "OPENROUTER_BASE_URL",
      "https://openrouter.ai/api/v1"),
  MISTRAL(
      "mistral",
      "Mistral",
      false,
      "MISTRAL_API_KEY",
      "MISTRAL_BASE_URL",
      "https://api.mistral.ai/v1"),
  X_AI("x_ai", "xAI", false, "XAI_API_KEY", "XAI_BASE_URL", "https://api.x.ai/v1"),
  /** Ollama's OpenAI-compatible API; no key needed, {@code OLLAMA_BASE_URL} without {@code /v1}. */
  OLLAMA("ollama", "Ollama", false, "OLLAMA_API_KEY", "OLLAMA_BASE_URL", "http://localhost:11434"),
  /** Any server speaking OpenAI chat completions; only through a provider config's baseUrl. */
  OPENAI_COMPATIBLE("openai_compatible", "OpenAI-compatible endpoint", false, null, null, null);

  final String id;
  final String displayName;
  final boolean anthropicProtocol;
  final String keyVariable;
  final String baseUrlVariable;
  final String defaultBaseUrl;

  Provider(
      String id,
      String displayName,
      boolean anthropicProtocol,
      String keyVariable,
      String baseUrlVariable,
      String defaultBaseUrl) {
    this.id = id;
    this.displayName = displayName;
    this.anthropicProtocol = anthropicProtocol;
    this.keyVariable = keyVariable;
    this.baseUrlVariable = baseUrlVariable;
    this.defaultBaseUrl = defaultBaseUrl;
  }

  /** Local servers usually need no key. */
  boolean needsKey() {
    return this != OLLAMA && this != OPENAI_COMPATIBLE;
  }

  static Optional<Provider> byId(String id) {
    String wanted = id == null ? "" : id.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst();
  }

  static String supportedIds() {
    return String.join(", ", Arrays.stream(values()).map(p -> p.id).toList());
  }

  /**
   * The provider a model name belongs to when nothing says otherwise: {@code claude*} → Anthropic,
   * Mistral's families → Mistral, {@code grok*} → xAI, {@code vendor/model} ids → OpenRouter,
   * anything else → OpenAI.
   */
  static Provider inferFrom(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    if (m.startsWith("claude")) {
      return ANTHROPIC;
    }
    if (m.matches(".*(mistral|mixtral|codestral|magistral|pixtral|ministral|devstral).*")) {
      return MISTRAL;
    }
    if (m.startsWith("grok")) {
      return X_AI;
    }
    if (m.contains("/")) {
      return OPENROUTER;
    }
    return OPENAI;
  }
}
