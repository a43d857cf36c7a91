package dev.selene.server.playground;

import dev.selene.server.http.ApiException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Chooses the provider and credentials of a playground call. In order: an explicit provider-config
 * id; an explicit provider name; a project provider config listing the model; the provider the
 * model name implies. Credentials come from the project's config for that provider, else from the
 * server environment. An OpenAI model with no OpenAI key falls back to Azure OpenAI when Azure is
 * configured, and any model without credentials to Ollama when {@code OLLAMA_BASE_URL} is set.
 */
final class ProviderResolver {
  static final String AZURE_API_VERSION = "2024-10-21";
  static final String ANTHROPIC_VERSION = "2023-06-01";

  private final Map<String, String> env;
  private final ProviderConfigService configs;

  ProviderResolver(Map<String, String> env, ProviderConfigService configs) {
    this.env = env;
    this.configs = configs;
  }

  ProviderTarget resolve(UUID project, String model, String explicit) {
    if (explicit != null) {
      Optional<UUID> configId = uuid(explicit);
      if (configId.isPresent()) {
        ProviderConfig config =
            configs.find(project, configId.get()).orElseThrow(ProviderConfigService::notFound);
        return fromConfig(config, model);
      }
      Provider provider =
          Provider.byId(explicit)
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          "provider",
                          "must be a provider config id or one of " + Provider.supportedIds()));
      return credentialsFor(project, provider, model).orElseThrow(() -> noCredentials(provider));
    }
    List<ProviderConfig> all = configs.list(project);
    for (ProviderConfig config : all) {
      if (config.models().contains(model)) {
        return fromConfig(config, model);
      }
    }
    Provider inferred = Provider.inferFrom(model);
    Optional<ProviderTarget> target = credentialsFor(project, inferred, model);
    if (target.isEmpty() && inferred == Provider.OPENAI) {
      target = credentialsFor(project, Provider.AZURE_OPENAI, model);
    }
    if (target.isEmpty() && env.containsKey(Provider.OLLAMA.baseUrlVariable)) {
      target = credentialsFor(project, Provider.OLLAMA, model);
    }
    return target.orElseThrow(() -> noCredentials(inferred));
  }

  private Optional<ProviderTarget> credentialsFor(UUID project, Provider provider, String model) {
    for (ProviderConfig config : configs.list(project)) {
      if (config.provider() == provider) {
        return Optional.of(fromConfig(config, model));
      }
    }
    return fromEnvironment(provider, model);
  }

  private ProviderTarget fromConfig(ProviderConfig c, String model) {
    if (c.hasStoredKey() && c.apiKey() == null) {
      throw ApiException.badRequest(
          "The API key of provider config "
              + c.id()
              + " cannot be decrypted (SELENE_SECRET_KEY changed since it was saved): save it again");
    }
    String base = c.extra("baseUrl");
    if (c.provider() == Provider.AZURE_OPENAI) {
      return azure(
          c.apiKey(),
          base != null ? base : "https://" + c.extra("resourceName") + ".openai.azure.com",
          c.extra("deploymentId") != null ? c.extra("deploymentId") : model,
          c.extra("apiVersion"),
          "provider config " + c.id());
    }
    return target(c.provider(), base, c.apiKey(), "provider config " + c.id());
  }

  private Optional<ProviderTarget> fromEnvironment(Provider provider, String model) {
    if (provider == Provider.OPENAI_COMPATIBLE) {
      return Optional.empty();
    }
    String key = provider.keyVariable == null ? null : env.get(provider.keyVariable);
    if (provider == Provider.AZURE_OPENAI) {
      String resource = env.get("AZURE_OPENAI_RESOURCE_NAME");
      String endpoint = env.get("AZURE_OPENAI_ENDPOINT");
      if (key == null || (resource == null && endpoint == null)) {
        return Optional.empty();
      }
      return Optional.of(
          azure(
              key,
              endpoint != null ? endpoint : "https://" + resource + ".openai.azure.com",
              env.getOrDefault("AZURE_OPENAI_DEPLOYMENT_ID", model),
              env.get("AZURE_OPENAI_API_VERSION"),
              "environment"));
    }
    if (provider == Provider.OLLAMA) {
      if (!env.containsKey(provider.baseUrlVariable)) {
        return Optional.empty();
      }
    } else if (key == null) {
      return Optional.empty();
    }
    return Optional.of(target(provider, env.get(provider.baseUrlVariable), key, "environment"));
  }

  private static ProviderTarget target(Provider provider, String base, String key, String source) {
    String root = trimSlash(base != null ? base : provider.defaultBaseUrl);
    Map<String, String> headers = new LinkedHashMap<>();
    URI url;
    if (provider.anthropicProtocol) {
      url = URI.create((root.endsWith("/v1") ? root : root + "/v1") + "/messages");
      headers.put("x-api-key", key);
      headers.put("anthropic-version", ANTHROPIC_VERSION);
    } else {
      if (provider == Provider.OLLAMA && !root.endsWith("/v1")) {
        root = root + "/v1";
      }
      url = URI.create(root + "/chat/completions");
      if (key != null && !key.isBlank()) {
        headers.put("Authorization", "Bearer " + key);
      }
    }
    return new ProviderTarget(provider, url, headers, source);
  }

  private static ProviderTarget azure(
      String key, String endpoint, String deployment, String apiVersion, String source) {
    String version = apiVersion != null ? apiVersion : AZURE_API_VERSION;
    URI url =
        URI.create(
            trimSlash(endpoint)
                + "/openai/deployments/"
                + URLEncoder.encode(deployment, StandardCharsets.UTF_8)
                + "/chat/completions?api-version="
                + URLEncoder.encode(version, StandardCharsets.UTF_8));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("api-key", key);
    return new ProviderTarget(Provider.AZURE_OPENAI, url, headers, source);
  }

  private static String trimSlash(String url) {
    String u = url.trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    return u;
  }

  private static Optional<UUID> uuid(String s) {
    try {
      return Optional.of(UUID.fromString(s));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static ApiException noCredentials(Provider p) {
    String env =
        p == Provider.AZURE_OPENAI
            ? "AZURE_OPENAI_API_KEY and AZURE_OPENAI_RESOURCE_NAME"
            : p == Provider.OLLAMA ? "OLLAMA_BASE_URL" : p.keyVariable;
    return ApiException.badRequest(
        "No credentials for provider "
            + p.id
            + ": set "
            + (env == null ? "a provider config with extraConfig.baseUrl" : env + " on the server")
            + " or add a provider config to the project (/v1/provider-configs)");
  }
}
