package dev.selene.server.otlp;

import static dev.selene.server.otlp.Extractors.first;
import static dev.selene.server.otlp.Extractors.integer;
import static dev.selene.server.otlp.Extractors.json;
import static dev.selene.server.otlp.Extractors.lookup;
import static dev.selene.server.otlp.Extractors.prefixed;
import static dev.selene.server.otlp.Extractors.stringList;
import static dev.selene.server.otlp.Extractors.text;

import java.util.Map;

/**
 * Lunary's own attributes, documented in its OpenTelemetry guide ({@code lunary.user.id}, {@code
 * lunary.tags}) plus the obvious companions for thread, user properties, template and run type.
 * First in priority: an application that sets them means them.
 */
final class LunaryConvention {
  private LunaryConvention() {}

  static final Map<String, String> TYPES =
      Map.of(
          "llm", "llm",
          "chain", "chain",
          "agent", "agent",
          "tool", "tool",
          "embed", "embed",
          "retriever", "retriever");

  static final Convention TABLE =
      Convention.named("lunary")
          .rule(Field.TYPE, first(lookup("lunary.type", TYPES), lookup("lunary.run.type", TYPES)))
          .rule(Field.NAME, first(text("lunary.name"), text("lunary.run.name")))
          .rule(Field.USER_ID, first(text("lunary.user.id"), text("lunary.user_id")))
          .rule(
              Field.USER_PROPS,
              first(
                  json("lunary.user.props", v -> v.isObject() ? v : null),
                  json("lunary.user_props", v -> v.isObject() ? v : null)))
          .rule(Field.TAGS, stringList("lunary.tags"))
          .rule(
              Field.THREAD_ID,
              first(text("lunary.thread.id"), text("lunary.thread_id"), text("lunary.session.id")))
          .rule(
              Field.TEMPLATE_VERSION_ID,
              first(
                  integer("lunary.template.id"),
                  integer("lunary.template_version.id"),
                  integer("lunary.template_version_id")))
          .rule(Field.METADATA, prefixed("lunary.metadata."))
          .build();
}
