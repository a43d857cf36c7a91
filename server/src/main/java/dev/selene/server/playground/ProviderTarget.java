package dev.selene.server.playground;

import java.net.URI;
import java.util.Map;

/**
 * Where one playground call goes: the provider, the full URL of its chat endpoint, the headers that
 * authenticate it, and where the credentials came from ({@code environment} or {@code provider
 * config <id>}, reported with upstream errors; never the key itself).
 */
record ProviderTarget(Provider provider, URI url, Map<String, String> headers, String source) {
  String describe() {
    return provider.displayName;
  }
}
