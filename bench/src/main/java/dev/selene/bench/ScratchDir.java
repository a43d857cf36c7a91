package dev.selene.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary data directory for a benchmark's own server, deleted when the benchmark ends: each
 * run's database is a few hundred megabytes, and repeated runs used to fill the disk.
 */
final class ScratchDir implements AutoCloseable {
  private final Path path;

  private ScratchDir(Path path) {
    this.path = path;
  }

  static ScratchDir create(String prefix) throws IOException {
    return new ScratchDir(Files.createTempDirectory(prefix));
  }

  @Override
  public String toString() {
    return path.toString();
  }

  /** Deletes the directory and everything in it; call after the server using it has stopped. */
  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(path)) {
      files.sorted(Comparator.reverseOrder()).forEach(ScratchDir::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
