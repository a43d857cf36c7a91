package dev.selene.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes exported runs one at a time to a stream, so an export never holds more than one run. */
interface RunRowWriter extends AutoCloseable {
  void write(ObjectNode run) throws IOException;

  @Override
  void close() throws IOException;

  static RunRowWriter open(ExportFormat format, OutputStream out, ObjectMapper json)
      throws IOException {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    return switch (format) {
      case CSV -> new Csv(writer, json);
      case JSONL -> new Jsonl(writer, json);
      case OJSONL -> new OpenAiFineTuning(writer, json);
    };
  }

  /** The header is the formatted run's keys; absent keys are empty cells, nested values JSON. */
  final class Csv implements RunRowWriter {
    static final List<String> HEADER =
        List.of(
            "id",
            "projectId",
            "isPublic",
            "feedback",
            "parentFeedback",
            "feedbacks",
            "type",
            "name",
            "createdAt",
            "endedAt",
            "duration",
            "templateVersionId",
            "templateSlug",
            "cost",
            "tokens",
            "tags",
            "input",
            "output",
            "error",
            "status",
            "params",
            "metadata",
            "user",
            "scores");

    private final CSVPrinter printer;
    private final ObjectMapper json;

    Csv(Writer writer, ObjectMapper json) throws IOException {
      this.printer =
          new CSVPrinter(
              writer, CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).get());
      this.json = json;
    }

    @Override
    public void write(ObjectNode run) throws IOException {
      List<String> cells = new ArrayList<>(HEADER.size());
      for (String key : HEADER) {
        JsonNode value = run.get(key);
        if (value == null || value.isNull()) {
          cells.add("");
        } else if (value.isContainerNode()) {
          cells.add(json.writeValueAsString(value));
        } else {
          cells.add(value.asText());
        }
      }
      printer.printRecord(cells);
    }

    @Override
    public void close() throws IOException {
      printer.close(true);
    }
  }

  final class Jsonl implements RunRowWriter {
    private final Writer writer;
    private final ObjectMapper json;

    Jsonl(Writer writer, ObjectMapper json) {
      this.writer = writer;
      this.json = json;
    }

    @Override
    public void write(ObjectNode run) throws IOException {
      writer.write(json.writeValueAsString(run));
      writer.write('\n');
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }

  /** Runs that are not chat messages in and out are skipped; see {@link OpenAiMessages}. */
  final class OpenAiFineTuning implements RunRowWriter {
    private final Writer writer;
    private final ObjectMapper json;

    OpenAiFineTuning(Writer writer, ObjectMapper json) {
      this.writer = writer;
      this.json = json;
    }

    @Override
    public void write(ObjectNode run) throws IOException {
      var line = OpenAiMessages.trainingLine(run.get("input"), run.get("output"));
      if (line.isPresent()) {
        writer.write(json.writeValueAsString(line.get()));
        writer.write('\n');
      }
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }
}
