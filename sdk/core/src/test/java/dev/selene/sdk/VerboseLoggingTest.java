package dev.selene.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selene.sdk.testing.RecordingServer;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Verbose mode says what is tracked and sent, never what the prompts or keys are. */
class VerboseLoggingTest {
  private final RecordingServer server = RecordingServer.start();
  private final Logger logger = Logger.getLogger("dev.selene.sdk");
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          String text =
              r.getParameters() == null
                  ? r.getMessage()
                  : MessageFormat.format(r.getMessage(), r.getParameters());
          lines.add(text + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @AfterEach
  void stop() {
    logger.removeHandler(capture);
    server.close();
  }

  @Test
  void verbose_logsRunIdsAndRequestsButNeverContentOrKey() {
    logger.addHandler(capture);
    Selene selene =
        Selene.create(
            SeleneConfig.builder()
                .apiUrl(server.url())
                .privateKey("sk-very-secret-key")
                .verbose(true)
                .shutdownHook(false)
                .build());

    String id =
        selene.llm(
            "gpt-4o",
            "SECRET PROMPT",
            run -> {
              run.output("SECRET ANSWER");
              return run.id();
            });
    selene.flush(Duration.ofSeconds(5));
    selene.close();

    assertThat(lines).anySatisfy(l -> assertThat(l).contains("tracked llm start " + id));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("sent 2 events, HTTP 200"));
    assertThat(String.join("\n", lines))
        .doesNotContain("SECRET PROMPT")
        .doesNotContain("SECRET ANSWER")
        .doesNotContain("sk-very-secret-key");
  }
}
