package dev.selene.server.otlp;

import dev.selene.server.otlp.OtelSpan.Decoded;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Protobuf OTLP (HTTP and gRPC) to {@link OtelSpan}s; bad ids reject only their span. */
final class OtlpProtoReader {
  private OtlpProtoReader() {}

  static List<Decoded> spans(ExportTraceServiceRequest request) {
    List<Decoded> out = new ArrayList<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Map<String, com.fasterxml.jackson.databind.JsonNode> resource =
          resourceAttributes(rs.getResource());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        InstrumentationScope scope = ss.getScope();
        for (Span span : ss.getSpansList()) {
          out.add(span(span, resource, scope));
        }
      }
    }
    return out;
  }

  static List<OtelLog> logs(
      io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest request) {
    List<OtelLog> out = new ArrayList<>();
    for (var rl : request.getResourceLogsList()) {
      for (var sl : rl.getScopeLogsList()) {
        for (var r : sl.getLogRecordsList()) {
          var attributes = AnyValues.attributes(r.getAttributesList());
          String eventName = r.getEventName();
          if (eventName.isEmpty() && attributes.containsKey("event.name")) {
            eventName = attributes.get("event.name").asText();
          }
          out.add(
              new OtelLog(
                  OtlpIds.hex(r.getTraceId().toByteArray(), OtlpIds.TRACE_ID_BYTES),
                  OtlpIds.hex(r.getSpanId().toByteArray(), OtlpIds.SPAN_ID_BYTES),
                  eventName,
                  r.getTimeUnixNano() != 0 ? r.getTimeUnixNano() : r.getObservedTimeUnixNano(),
                  r.getSeverityNumberValue(),
                  r.getSeverityText(),
                  r.hasBody() ? AnyValues.json(r.getBody()) : null,
                  attributes));
        }
      }
    }
    return out;
  }

  static Map<String, com.fasterxml.jackson.databind.JsonNode> resourceAttributes(Resource r) {
    return AnyValues.attributes(r.getAttributesList());
  }

  private static Decoded span(
      Span s,
      Map<String, com.fasterxml.jackson.databind.JsonNode> resource,
      InstrumentationScope scope) {
    String label = "span '" + s.getName() + "'";
    String traceId = OtlpIds.hex(s.getTraceId().toByteArray(), OtlpIds.TRACE_ID_BYTES);
    if (traceId == null) {
      return Decoded.rejected(label + ": traceId must be 16 bytes and not all zero");
    }
    String spanId = OtlpIds.hex(s.getSpanId().toByteArray(), OtlpIds.SPAN_ID_BYTES);
    if (spanId == null) {
      return Decoded.rejected(label + ": spanId must be 8 bytes and not all zero");
    }
    String parent = null;
    if (!s.getParentSpanId().isEmpty()) {
      parent = OtlpIds.hex(s.getParentSpanId().toByteArray(), OtlpIds.SPAN_ID_BYTES);
      if (parent == null) {
        return Decoded.rejected(label + ": parentSpanId must be empty or 8 bytes");
      }
    }
    List<OtelSpan.Event> events = new ArrayList<>(s.getEventsCount());
    for (Span.Event e : s.getEventsList()) {
      events.add(
          new OtelSpan.Event(
              e.getName(), e.getTimeUnixNano(), AnyValues.attributes(e.getAttributesList())));
    }
    return Decoded.ok(
        new OtelSpan(
            traceId,
            spanId,
            parent,
            s.getName(),
            s.getKindValue(),
            s.getStartTimeUnixNano(),
            s.getEndTimeUnixNano(),
            AnyValues.attributes(s.getAttributesList()),
            resource,
            scope.getName(),
            scope.getVersion(),
            events,
            s.getStatus().getCodeValue(),
            s.getStatus().getMessage()));
  }
}
