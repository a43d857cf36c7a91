package dev.selene.server.config;

/** An impossible configuration value; the message names the variable and what was expected. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
