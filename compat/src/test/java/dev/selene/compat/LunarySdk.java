package dev.selene.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario of {@code scenarios.mjs} with the official {@code lunary} npm SDK in a Node
 * process, pointed at a Selene server, and returns what the script reported. The script only exits
 * once the SDK's queue is empty, so everything it sent has been answered by then.
 */
final class LunarySdk {
  private static final String MARKER = "SELENE_COMPAT_RESULT ";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 90;

  private LunarySdk() {}

  /** The directory holding package.json, node_modules and the scenarios. */
  static Path compatDir() {
    String dir = System.getProperty("selene.compat.dir");
    return dir != null ? Path.of(dir) : Path.of("").toAbsolutePath();
  }

  /**
   * Runs {@code scenario} with {@code LUNARY_API_URL=apiUrl} and the given keys (a null key is not
   * set, as when an application only configures its public key).
   */
  static SdkRun run(String scenario, String apiUrl, String publicKey, String privateKey) {
    Path dir = compatDir();
    assertThat(dir.resolve("node_modules/lunary/package.json"))
        .as("the lunary SDK is installed by the build (npm-ci.sh); run ./mvnw verify")
        .exists();
    ProcessBuilder pb =
        new ProcessBuilder("node", "scenarios.mjs", scenario).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("LUNARY_") || k.startsWith("LLMONITOR_"));
    env.put("LUNARY_API_URL", apiUrl);
    if (publicKey != null) {
      env.put("LUNARY_PUBLIC_KEY", publicKey);
    }
    if (privateKey != null) {
      env.put("LUNARY_PRIVATE_KEY", privateKey);
    }
    try {
      Path stderr = Files.createTempFile("lunary-sdk-", ".stderr");
      pb.redirectError(stderr.toFile());
      Process process = pb.start();
      process.getOutputStream().close();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("node scenarios.mjs " + scenario + " did not finish in time");
      }
      String errors = Files.readString(stderr);
      Files.deleteIfExists(stderr);
      JsonNode result = parse(stdout);
      String context =
          "scenario '" + scenario + "'\n--- stdout\n" + stdout + "\n--- stderr\n" + errors;
      assertThat(process.exitValue()).as(context).isZero();
      assertThat(result).as(context).isNotNull();
      return new SdkRun(result, context);
    } catch (IOException e) {
      throw new AssertionError(
          "Could not run 'node' (Node.js >= 18 must be on the PATH): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static JsonNode parse(String stdout) throws IOException {
    for (String line : stdout.split("\n")) {
      if (line.startsWith(MARKER)) {
        return JSON.readTree(line.substring(MARKER.length()));
      }
    }
    return null;
  }

  /** What a scenario reported: the ids it created, what the SDK returned, its HTTP exchanges. */
  record SdkRun(JsonNode result, String context) {
    String id(String name) {
      JsonNode id = result.path("ids").path(name);
      assertThat(id.isTextual()).as("id '%s' reported by %s", name, context).isTrue();
      return id.asText();
    }

    JsonNode get(String field) {
      return result.path(field);
    }

    /** Every HTTP exchange the SDK made to {@code pathPrefix}, as {@code METHOD path status}. */
    List<String> exchanges(String pathPrefix) {
      List<String> out = new ArrayList<>();
      for (JsonNode e : result.path("exchanges")) {
        if (e.path("path").asText().startsWith(pathPrefix)) {
          out.add(
              e.path("method").asText() + " " + e.path("path").asText() + " " + e.path("status"));
        }
      }
      return out;
    }

    /** The SDK drops a batch silently on a non-2xx answer: every ingest request must get 200. */
    void assertEveryIngestAccepted() {
      List<String> ingests = exchanges("/v1/runs/ingest");
      assertThat(ingests).as(context).isNotEmpty();
      assertThat(ingests).as(context).allMatch(e -> e.endsWith(" 200"));
    }
  }
}
