import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The quantized MiniLM alone, batches of 32, on the texts given one per line: prints chunks/s. */
public class BareModel {
  public static void main(String[] args) throws Exception {
    List<String> texts = Files.readAllLines(Path.of(args[0])).stream().map(s -> s.replace("\\n", "\n")).toList();
    int limit = Math.min(texts.size(), Integer.parseInt(args.length > 1 ? args[1] : "1500"));
    var model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    model.embedAll(texts.subList(0, 64).stream().map(TextSegment::from).toList()); // warm-up
    long start = System.nanoTime();
    for (int i = 0; i < limit; i += 32) {
      model.embedAll(texts.subList(i, Math.min(limit, i + 32)).stream().map(TextSegment::from).toList());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.println(limit / seconds);
  }
}
