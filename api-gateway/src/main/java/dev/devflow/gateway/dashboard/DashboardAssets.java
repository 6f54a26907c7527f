package dev.devflow.gateway.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * The web dashboard's built files, read from {@code META-INF/resources/} of the
 * devflow-web-dashboard jar on first use and kept in memory with a gzipped copy (the whole bundle
 * is well under 1 MB).
 */
@ApplicationScoped
public class DashboardAssets {

  /** A file ready to send. */
  public record Asset(byte[] bytes, byte[] gzipped, String contentType) {}

  static final String ROOT = "META-INF/resources";
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "json", "application/json",
          "woff2", "font/woff2",
          "txt", "text/plain; charset=utf-8");

  private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

  /** The file at {@code path} ("/index.html", "/assets/index-abc.js"), if the dashboard has it. */
  public Optional<Asset> find(String path) {
    if (!safe(path)) {
      return Optional.empty();
    }
    Optional<Asset> cached = cache.get(path);
    if (cached != null) {
      return cached;
    }
    // Only files that exist are kept: misses are not, or made-up paths would grow the map forever.
    Optional<Asset> loaded = load(path);
    loaded.ifPresent(a -> cache.put(path, loaded));
    return loaded;
  }

  public boolean installed() {
    return find("/index.html").isPresent();
  }

  static boolean safe(String path) {
    return path.startsWith("/")
        && !path.contains("..")
        && !path.contains("//")
        && !path.contains("\\")
        && path.length() < 256;
  }

  private static Optional<Asset> load(String path) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader.getResourceAsStream(ROOT + path)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      return Optional.of(new Asset(bytes, gzip(bytes), contentType(path)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String contentType(String path) {
    String ext = path.substring(path.lastIndexOf('.') + 1);
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
