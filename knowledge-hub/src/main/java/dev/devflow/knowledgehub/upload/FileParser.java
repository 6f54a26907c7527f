package dev.devflow.knowledgehub.upload;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.tika.Tika;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.ToXMLContentHandler;
import org.xml.sax.SAXException;

/**
 * Turns one uploaded file into text with Apache Tika: PDF and DOCX to XHTML (headings kept), HTML
 * as is, Markdown, reStructuredText and plain text as markup, source files as one fenced code
 * block. Unsupported types are a 415, files that cannot be read a 422, each naming the file.
 */
final class FileParser {

  private static final Set<String> TIKA_TYPES =
      Set.of(
          "application/pdf",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  private static final Set<String> HTML_TYPES = Set.of("text/html", "application/xhtml+xml");
  private static final Set<String> MARKUP_EXTENSIONS =
      Set.of("md", "markdown", "rst", "txt", "text", "adoc");
  private static final Map<String, String> SOURCE_EXTENSIONS =
      Map.ofEntries(
          Map.entry("java", "java"),
          Map.entry("kt", "kotlin"),
          Map.entry("py", "python"),
          Map.entry("js", "javascript"),
          Map.entry("ts", "typescript"),
          Map.entry("tsx", "tsx"),
          Map.entry("go", "go"),
          Map.entry("rs", "rust"),
          Map.entry("c", "c"),
          Map.entry("h", "c"),
          Map.entry("cpp", "cpp"),
          Map.entry("cs", "csharp"),
          Map.entry("rb", "ruby"),
          Map.entry("php", "php"),
          Map.entry("sh", "bash"),
          Map.entry("sql", "sql"),
          Map.entry("yaml", "yaml"),
          Map.entry("yml", "yaml"),
          Map.entry("json", "json"),
          Map.entry("xml", "xml"),
          Map.entry("swift", "swift"),
          Map.entry("scala", "scala"));

  private static final Tika TIKA = new Tika();
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(FileParser.class);

  private FileParser() {}

  /** Two files parsed at once at most: a large document's text is held in memory while parsed. */
  private static final java.util.concurrent.Semaphore PARSING =
      new java.util.concurrent.Semaphore(2, true);

  static ParsedFile parse(String name, Path file, ParseLimits limits) {
    try {
      if (!PARSING.tryAcquire(30, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new ProblemException(
            ProblemType.UNAVAILABLE, "Uploads are busy; send '" + name + "' again shortly.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProblemException(ProblemType.UNAVAILABLE, "Interrupted; send the file again.");
    }
    try {
      return parseLimited(name, file, limits);
    } finally {
      PARSING.release();
    }
  }

  private static ParsedFile parseLimited(String name, Path file, ParseLimits limits) {
    String extension = extension(name);
    String url = "upload:" + name;
    String type;
    try (InputStream in = Files.newInputStream(file)) {
      type = TIKA.detect(in, name);
    } catch (IOException e) {
      throw unprocessable(name, "it could not be read");
    }
    if (TIKA_TYPES.contains(type)) {
      if (type.startsWith("application/vnd.openxmlformats")) {
        limits.checkZip(name, file);
      }
      return new ParsedFile(name, url, "xhtml", tika(name, file, limits));
    }
    if (HTML_TYPES.contains(type)) {
      return new ParsedFile(name, url, "xhtml", text(name, file));
    }
    if (SOURCE_EXTENSIONS.containsKey(extension)) {
      String lang = SOURCE_EXTENSIONS.get(extension);
      return new ParsedFile(
          name,
          url,
          "markup",
          "# " + name + "\n\n```" + lang + "\n" + text(name, file) + "\n```\n");
    }
    if (MARKUP_EXTENSIONS.contains(extension) || type.startsWith("text/")) {
      return new ParsedFile(name, url, "markup", text(name, file));
    }
    throw new ProblemException(
        ProblemType.UNSUPPORTED_MEDIA_TYPE,
        "File '"
            + name
            + "' is "
            + type
            + ", which cannot be ingested: upload PDF, DOCX, HTML,"
            + " Markdown, reStructuredText, plain text or source files.",
        "files");
  }

  private static String tika(String name, Path file, ParseLimits limits) {
    ToXMLContentHandler handler = new ToXMLContentHandler();
    ParseLimits.Limited limited = limits.limited(handler);
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    try (InputStream in = Files.newInputStream(file)) {
      new AutoDetectParser().parse(in, limited, metadata, new ParseContext());
    } catch (IOException | SAXException | TikaException | RuntimeException e) {
      if (limited.exceeded()) {
        throw limits.tooMuchText(name);
      }
      if (tikaSuspectsABomb(e)) {
        throw limits.suspiciousExpansion(name);
      }
      LOG.debugf(e, "Parsing %s failed", name);
      throw unprocessable(name, "it is damaged or not what its type says");
    }
    String xhtml = handler.toString();
    if (org.jsoup.Jsoup.parse(xhtml).text().isBlank()) {
      throw unprocessable(name, "no text could be extracted from it");
    }
    return xhtml;
  }

  /** Tika's own guard: text out of all proportion to the bytes in (its exception is private). */
  private static boolean tikaSuspectsABomb(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getName().endsWith("SecureContentHandler$SecureSAXException")) {
        return true;
      }
    }
    return false;
  }

  private static String text(String name, Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        text = new String(bytes, StandardCharsets.ISO_8859_1);
      }
      if (text.indexOf('\0') >= 0) {
        throw unprocessable(name, "it is binary, not text");
      }
      if (text.isBlank()) {
        throw unprocessable(name, "it is empty");
      }
      return text;
    } catch (IOException e) {
      throw unprocessable(name, "it could not be read");
    }
  }

  private static ProblemException unprocessable(String name, String why) {
    return new ProblemException(
        ProblemType.UNPROCESSABLE, "File '" + name + "' cannot be ingested: " + why + ".", "files");
  }

  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
