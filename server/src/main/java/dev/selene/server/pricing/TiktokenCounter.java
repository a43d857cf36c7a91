package dev.selene.server.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@link TokenCounter} with OpenAI's tokenizers (jtokkit): {@code o200k_base} for the GPT-4o, 4.1,
 * 4.5, 5, gpt-oss and o-series families, {@code cl100k_base} for everything else, Claude and
 * unknown models included (an approximation, as in the reference, for models whose tokenizer is not
 * public).
 *
 * <p>A chat prompt is counted as OpenAI documents it: 3 tokens per message plus the tokens of each
 * of its values (strings as they are, anything else as compact JSON), 1 more for a {@code name},
 * and 3 priming the reply; tools or functions in the call's params add the tokens of their JSON.
 * Text is encoded as ordinary text: a prompt containing {@code <|endoftext|>} counts its characters
 * instead of failing. Encodings load on first use and are thread-safe.
 */
public final class TiktokenCounter implements TokenCounter {
  private static final int TOKENS_PER_MESSAGE = 3;
  private static final int TOKENS_PER_NAME = 1;
  private static final int REPLY_PRIMING = 3;

  private static final Pattern O200K_MODELS =
      Pattern.compile(
          "^(?:[\\w.-]+/)*(?:gpt-4o|chatgpt-4o|gpt-4\\.1|gpt-4\\.5|gpt-5|gpt-oss|o1|o3|o4)"
              + "(?:[-.:@_].*)?$");

  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  /** Holder classes: each encoding (a few MB) is loaded the first time it is needed, once. */
  private static final class Cl100k {
    static final Encoding ENCODING = REGISTRY.getEncoding(EncodingType.CL100K_BASE);
  }

  private static final class O200k {
    static final Encoding ENCODING = REGISTRY.getEncoding(EncodingType.O200K_BASE);
  }

  public TiktokenCounter() {}

  @Override
  public int countPrompt(String model, JsonNode input, JsonNode params) {
    Encoding encoding = encodingFor(model);
    int tokens = prompt(encoding, input);
    if (params != null && params.isObject()) {
      for (String key : new String[] {"tools", "functions"}) {
        JsonNode definitions = params.get(key);
        if (definitions != null && !definitions.isNull() && !definitions.isEmpty()) {
          tokens += count(encoding, definitions.toString());
        }
      }
    }
    return tokens;
  }

  @Override
  public int countCompletion(String model, JsonNode output) {
    return completion(encodingFor(model), output);
  }

  /** The encoding's name for this model, {@code o200k_base} or {@code cl100k_base}. */
  static String encodingName(String model) {
    return usesO200k(model) ? "o200k_base" : "cl100k_base";
  }

  private static boolean usesO200k(String model) {
    return model != null && O200K_MODELS.matcher(model).matches();
  }

  private static Encoding encodingFor(String model) {
    return usesO200k(model) ? O200k.ENCODING : Cl100k.ENCODING;
  }

  private static int prompt(Encoding encoding, JsonNode input) {
    if (isAbsent(input)) {
      return 0;
    }
    if (input.isArray()) {
      int tokens = 0;
      boolean chat = false;
      for (JsonNode element : input) {
        if (element.isObject()) {
          chat = true;
          tokens += message(encoding, element);
        } else {
          tokens += value(encoding, element);
        }
      }
      return chat ? tokens + REPLY_PRIMING : tokens;
    }
    if (input.isObject() && input.has("role")) {
      // A single message sent on its own rather than in an array.
      return message(encoding, input) + REPLY_PRIMING;
    }
    return value(encoding, input);
  }

  private static int message(Encoding encoding, JsonNode message) {
    int tokens = TOKENS_PER_MESSAGE;
    for (Map.Entry<String, JsonNode> field : message.properties()) {
      if (isAbsent(field.getValue())) {
        continue;
      }
      tokens += value(encoding, field.getValue());
      if ("name".equals(field.getKey())) {
        tokens += TOKENS_PER_NAME;
      }
    }
    return tokens;
  }

  private static int completion(Encoding encoding, JsonNode output) {
    if (isAbsent(output)) {
      return 0;
    }
    if (output.isArray()) {
      int tokens = 0;
      for (JsonNode element : output) {
        tokens += completion(encoding, element);
      }
      return tokens;
    }
    if (!output.isObject()) {
      return value(encoding, output);
    }
    boolean isMessage = false;
    int tokens = 0;
    JsonNode content = output.get("content");
    if (!isAbsent(content)) {
      isMessage = true;
      tokens += content.isArray() ? contentParts(encoding, content) : value(encoding, content);
    }
    for (String key : new String[] {"tool_calls", "toolCalls", "function_call", "functionCall"}) {
      JsonNode calls = output.get(key);
      if (!isAbsent(calls)) {
        isMessage = true;
        tokens += count(encoding, calls.toString());
      }
    }
    if (isMessage) {
      return tokens;
    }
    JsonNode text = output.get("text");
    if (text != null && text.isTextual()) {
      return count(encoding, text.textValue());
    }
    return value(encoding, output);
  }

  /** Content given as parts ({@code [{type: "text", text: ...}]}): the text of each part. */
  private static int contentParts(Encoding encoding, JsonNode parts) {
    int tokens = 0;
    for (JsonNode part : parts) {
      JsonNode text = part.get("text");
      tokens +=
          text != null && text.isTextual()
              ? count(encoding, text.textValue())
              : value(encoding, part);
    }
    return tokens;
  }

  /** A string as it is, anything else as compact JSON. */
  private static int value(Encoding encoding, JsonNode node) {
    if (isAbsent(node)) {
      return 0;
    }
    return count(encoding, node.isTextual() ? node.textValue() : node.toString());
  }

  private static int count(Encoding encoding, String text) {
    return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }
}
