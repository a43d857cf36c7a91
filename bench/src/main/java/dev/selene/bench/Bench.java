package dev.selene.bench;

import java.util.Arrays;

/**
 * Entry point: {@code java -jar bench/target/selene-bench.jar <ingest|copy|analytics> [options]}.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: selene-bench <ingest|copy|analytics> [--key value ...]");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "ingest" -> IngestLoad.main(rest);
      case "copy" -> CopyCeiling.main(rest);
      case "analytics" -> AnalyticsBench.main(rest);
      default -> {
        System.err.println("unknown benchmark " + args[0]);
        System.exit(2);
      }
    }
    System.exit(0);
  }
}
