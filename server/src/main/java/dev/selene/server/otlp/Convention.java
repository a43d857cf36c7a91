package dev.selene.server.otlp;

import java.util.ArrayList;
import java.util.List;

/** A named rule table for one instrumentation convention (GenAI, OpenInference, Vercel AI…). */
record Convention(String name, List<Rule> rules) {

  static Builder named(String name) {
    return new Builder(name);
  }

  static final class Builder {
    private final String name;
    private final List<Rule> rules = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    Builder rule(Field field, Rule.Extractor extractor) {
      rules.add(new Rule(field, extractor));
      return this;
    }

    /** A request parameter, stored under {@code params.<key>}. */
    Builder param(String key, Rule.Extractor extractor) {
      return rule(Field.PARAMS, Extractors.under(key, extractor));
    }

    /** A metadata entry, stored under {@code metadata.<key>}. */
    Builder meta(String key, Rule.Extractor extractor) {
      return rule(Field.METADATA, Extractors.under(key, extractor));
    }

    Convention build() {
      return new Convention(name, List.copyOf(rules));
    }
  }
}
