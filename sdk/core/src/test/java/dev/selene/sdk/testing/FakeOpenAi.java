package dev.selene.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local server speaking OpenAI's chat completions wire format (JSON and server-sent events), so
 * the real OpenAI Java client can be tested without OpenAI. The model name picks the behaviour:
 * {@code fake-tools} answers with a tool call (and, once the tool's result is sent, with "It is
 * sunny in Paris"), {@code fake-error} with a 400 error, anything else with "Hello from fake"
 * (streamed in two chunks when {@code stream} is true).
 */
public final class FakeOpenAi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  public final List<JsonNode> requests = new CopyOnWriteArrayList<>();

  public FakeOpenAi() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private void handle(HttpExchange ex) throws IOException {
    JsonNode request = JSON.readTree(ex.getRequestBody());
    requests.add(request);
    String model = request.path("model").asText();
    if (model.equals("fake-error")) {
      send(
          ex,
          400,
          "application/json",
          "{\"error\":{\"message\":\"The model `fake-error` does not exist\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}");
    } else if (request.path("stream").asBoolean()) {
      stream(ex, model);
    } else if (model.equals("fake-tools") && lastRole(request).equals("tool")) {
      send(
          ex,
          200,
          "application/json",
          completion(
              model, "{\"role\":\"assistant\",\"content\":\"It is sunny in Paris\"}", "stop"));
    } else if (model.equals("fake-tools")) {
      send(
          ex,
          200,
          "application/json",
          completion(
              model,
              "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                  + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}",
              "tool_calls"));
    } else {
      send(
          ex,
          200,
          "application/json",
          completion(
              model,
              "{\"role\":\"assistant\",\"content\":\"Hello from fake\",\"refusal\":null}",
              "stop"));
    }
  }

  private static String lastRole(JsonNode request) {
    JsonNode messages = request.path("messages");
    return messages.path(messages.size() - 1).path("role").asText();
  }

  private static String completion(String model, String message, String finish) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\""
        + model
        + "\",\"choices\":[{\"index\":0,\"message\":"
        + message
        + ",\"logprobs\":null,\"finish_reason\":\""
        + finish
        + "\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}";
  }

  private static String chunk(String model, String delta, String finish) {
    return "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
        + model
        + "\",\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"logprobs\":null,\"finish_reason\":"
        + (finish == null ? "null" : "\"" + finish + "\"")
        + "}]}";
  }

  private void stream(HttpExchange ex, String model) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      for (String data :
          List.of(
              chunk(model, "{\"role\":\"assistant\",\"content\":\"Hello \"}", null),
              chunk(model, "{\"content\":\"from fake\"}", null),
              chunk(model, "{}", "stop"),
              "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
                  + model
                  + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":2,\"total_tokens\":10}}",
              "[DONE]")) {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
