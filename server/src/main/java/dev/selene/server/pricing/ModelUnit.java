package dev.selene.server.pricing;

import java.util.Locale;
import java.util.Optional;

/** What a model price is counted in; prices are USD per 1,000,000 of these units. */
enum ModelUnit {
  TOKENS,
  CHARACTERS,
  MILLISECONDS,
  IMAGES;

  static Optional<ModelUnit> parse(String text) {
    try {
      return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
