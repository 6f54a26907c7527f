import dev.devflow.knowledgehub.embed.LocalEmbedder;
import dev.devflow.knowledgehub.embed.LocalModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The quantized MiniLM alone, batches of 32, on the texts given one per line: prints the CPU its
 * threads spent per text, then chunks/s. It
 * runs the model through the service's own embedder (LocalEmbedder: the same ONNX session and
 * threads the crawl uses), so the crawl's rate against this one measures only what the pipeline
 * around the model costs.
 */
public class BareModel {
  public static void main(String[] args) throws Exception {
    List<String> texts = Files.readAllLines(Path.of(args[0])).stream().map(s -> s.replace("\\n", "\n")).toList();
    int limit = Math.min(texts.size(), Integer.parseInt(args.length > 1 ? args[1] : "1500"));
    var model = new LocalEmbedder(LocalModel.byKey(System.getProperty("model", "minilm")), 32);
    model.embed(texts.subList(0, 64)); // warm-up
    long cpu = modelCpuNanos();
    long start = System.nanoTime();
    for (int i = 0; i < limit; i += 32) {
      model.embed(texts.subList(i, Math.min(limit, i + 32)));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("model CPU per chunk %.2f ms%n", (modelCpuNanos() - cpu) / 1e6 / limit);
    System.out.println(limit / seconds);
  }

  /** CPU time of the embedder's threads, named minilm-N as in the service. */
  private static long modelCpuNanos() {
    var mx = ManagementFactory.getThreadMXBean();
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("minilm-"))
        .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId())))
        .sum();
  }
}
