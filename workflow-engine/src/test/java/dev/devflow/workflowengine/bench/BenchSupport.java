package dev.devflow.workflowengine.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles and printing for the benchmarks. */
final class BenchSupport {

  private BenchSupport() {}

  static double percentile(List<Double> values, double p) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static void print(String line) {
    System.out.println("BENCH " + line);
  }

  static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  static String ms(double value) {
    return String.format("%.1f ms", value);
  }

  static long[] procStat(String path) {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of(path));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields after the name: state(0) ... utime(11) stime(12) cutime(13) cstime(14), in ticks
      return Arrays.stream(new int[] {11, 12, 13, 14})
          .mapToLong(i -> Long.parseLong(f[i]))
          .toArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
