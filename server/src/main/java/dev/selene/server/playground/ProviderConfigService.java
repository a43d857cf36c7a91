package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.http.ApiException;
import dev.selene.server.playground.ProviderConfigStore.ModelRow;
import dev.selene.server.playground.ProviderConfigStore.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Per-project provider settings. Keys are sealed at rest and never returned in clear; sending the
 * masked value back (or no key) keeps the stored one.
 */
final class ProviderConfigService {
  private static final Set<String> NOT_SUPPORTED =
      Set.of("amazon_bedrock", "google_ai_studio", "google_vertex");

  private final ProviderConfigStore store;
  private final SecretBox secrets;

  ProviderConfigService(ProviderConfigStore store, SecretBox secrets) {
    this.store = store;
    this.secrets = secrets;
  }

  List<ProviderConfig> list(UUID project) {
    return store.list(project).stream().map(this::open).toList();
  }

  ProviderConfig get(UUID project, UUID id) {
    return store.find(project, id).map(this::open).orElseThrow(ProviderConfigService::notFound);
  }

  Optional<ProviderConfig> find(UUID project, UUID id) {
    return store.find(project, id).map(this::open);
  }

  List<ModelRow> models(UUID project) {
    return store.models(project);
  }

  /** Creates or replaces the config {@code id} of the project. */
  ProviderConfig save(UUID project, UUID id, JsonNode body) {
    String name = Inputs.requiredText(body, "providerName", "providerName");
    if (NOT_SUPPORTED.contains(name)) {
      throw ApiException.invalid(
          "providerName",
          name
              + " is not supported by Selene's playground (supported: "
              + Provider.supportedIds()
              + ")");
    }
    Provider provider =
        Provider.byId(name)
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        "providerName", "must be one of " + Provider.supportedIds()));
    ObjectNode extra = extraConfig(provider, body.get("extraConfig"));
    Optional<Row> current = store.find(project, id);
    String key = Inputs.text(body, "apiKey");
    String sealed;
    if (key == null || key.isBlank() || SecretBox.isMask(key)) {
      sealed = current.map(Row::sealedKey).orElse(null);
      if (sealed == null && provider.needsKey()) {
        throw ApiException.invalid("apiKey", "is required for " + provider.id);
      }
    } else {
      sealed = secrets.seal(project, key.trim());
    }
    if (!store.upsert(project, id, provider.id, sealed, extra, models(body.get("models")))) {
      throw notFound();
    }
    return get(project, id);
  }

  void delete(UUID project, UUID id) {
    if (!store.delete(project, id)) {
      throw notFound();
    }
  }

  private static ObjectNode extraConfig(Provider provider, JsonNode node) {
    ObjectNode extra = node == null || node.isNull() ? null : Inputs.object(node, "extraConfig");
    String baseUrl = extra == null ? null : Inputs.text(extra, "baseUrl");
    if (baseUrl != null) {
      extra.put("baseUrl", Inputs.httpUrl(baseUrl, "extraConfig.baseUrl"));
    }
    if (provider == Provider.OPENAI_COMPATIBLE && baseUrl == null) {
      throw ApiException.invalid("extraConfig.baseUrl", "is required for openai_compatible");
    }
    if (provider == Provider.AZURE_OPENAI
        && baseUrl == null
        && (extra == null || Inputs.text(extra, "resourceName") == null)) {
      throw ApiException.invalid(
          "extraConfig.resourceName", "is required for azure_openai (or extraConfig.baseUrl)");
    }
    return extra;
  }

  private static List<String> models(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw ApiException.invalid("models", "must be an array of model names");
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode m = node.get(i);
      if (!m.isTextual() || m.asText().isBlank() || m.asText().length() > 100) {
        throw ApiException.invalid(
            "models[" + i + "]", "must be a model name of 1 to 100 characters");
      }
      out.add(m.asText().trim());
    }
    return out;
  }

  private ProviderConfig open(Row r) {
    Provider provider = Provider.byId(r.providerName()).orElse(Provider.OPENAI_COMPATIBLE);
    String key =
        r.sealedKey() == null ? null : secrets.open(r.projectId(), r.sealedKey()).orElse(null);
    return new ProviderConfig(
        r.id(),
        r.projectId(),
        provider,
        key,
        r.sealedKey() != null,
        r.extraConfig() instanceof ObjectNode o ? o : null,
        r.models(),
        r.createdAt(),
        r.updatedAt());
  }

  static ApiException notFound() {
    return ApiException.notFound("Provider config not found");
  }
}
