package dev.selene.sdk.testing;

import dev.selene.sdk.Selene;
import dev.selene.sdk.SeleneConfig;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;

/** SDK clients pointed at the real test server, as an application would configure them. */
public final class TestClients {
  private TestClients() {}

  /**
   * A client sending to {@code project} with its public key (what browser and backend apps use). No
   * shutdown hook: tests close their clients themselves.
   */
  public static Selene publicKey(TestServer server, TestProject project) {
    return Selene.create(
        SeleneConfig.builder()
            .apiUrl(server.baseUrl())
            .publicKey(project.publicKey())
            .shutdownHook(false)
            .build());
  }
}
