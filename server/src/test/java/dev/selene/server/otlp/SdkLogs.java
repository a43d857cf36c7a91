package dev.selene.server.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Log records made with the real OpenTelemetry SDK (GenAI events emitted as logs). */
final class SdkLogs implements AutoCloseable {
  private final List<LogRecordData> records = new ArrayList<>();
  private final SdkLoggerProvider provider;
  private final Logger logger;

  SdkLogs() {
    provider =
        SdkLoggerProvider.builder()
            .addLogRecordProcessor(
                new LogRecordProcessor() {
                  @Override
                  public void onEmit(Context context, ReadWriteLogRecord record) {
                    synchronized (records) {
                      records.add(record.toLogRecordData());
                    }
                  }

                  @Override
                  public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                  }
                })
            .build();
    logger = provider.get("selene-test");
  }

  /** A GenAI event: event name plus a key-value body, as the GenAI event API emits them. */
  void emit(Context ctx, String eventName, Map<String, Object> body, Instant time) {
    logger
        .logRecordBuilder()
        .setContext(ctx)
        .setEventName(eventName)
        .setTimestamp(time)
        .setAttribute(AttributeKey.stringKey("gen_ai.system"), "openai")
        .setBody(value(body))
        .emit();
  }

  void emitPlain(Context ctx, String text, Instant time) {
    logger.logRecordBuilder().setContext(ctx).setTimestamp(time).setBody(text).emit();
  }

  @SuppressWarnings("unchecked")
  private static Value<?> value(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Value<?>> kv = new LinkedHashMap<>();
      ((Map<String, Object>) m).forEach((k, v) -> kv.put(k, value(v)));
      return Value.of(kv);
    }
    if (o instanceof Integer i) {
      return Value.of((long) i);
    }
    return Value.of(String.valueOf(o));
  }

  List<LogRecordData> records() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  @Override
  public void close() {
    provider.shutdown().join(5, TimeUnit.SECONDS);
  }
}
