package dev.selene.server;

import dev.selene.server.config.ConfigException;
import dev.selene.server.config.ConfigLoader;
import dev.selene.server.config.SeleneConfig;

/** {@code java -jar selene.jar}: reads the environment, starts, and stops gracefully on SIGTERM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    SeleneConfig config;
    try {
      config = ConfigLoader.fromEnvironment();
    } catch (ConfigException e) {
      System.err.println("Selene cannot start: " + e.getMessage());
      System.exit(2);
      return;
    }
    SeleneServer server;
    try {
      server = SeleneServer.start(config);
    } catch (RuntimeException e) {
      // Background threads already started (the ingest writer) would keep a failed JVM alive.
      System.err.println("Selene cannot start: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "selene-shutdown"));
  }
}
