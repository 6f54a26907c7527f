package dev.devflow.knowledgehub.upload;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.tika.sax.ContentHandlerDecorator;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * What parsing one uploaded file may cost, whatever the file claims: the bytes a compressed file
 * (DOCX is a ZIP) may unpack to, its entries, and the characters of text taken from it. A file over
 * a limit is refused with a 413 naming it and the limit, before it can fill the heap every tenant
 * shares.
 *
 * @param maxExpandedBytes what a compressed file may unpack to
 * @param maxEntries how many entries a compressed file may hold
 * @param maxChars characters of text taken from one file
 */
record ParseLimits(long maxExpandedBytes, int maxEntries, long maxChars) {

  /** Reads through a ZIP without keeping it, refusing it once it unpacks past the limits. */
  void checkZip(String name, Path file) {
    long total = 0;
    int entries = 0;
    byte[] sink = new byte[64 * 1024];
    // The central directory, not a stream: streamed reading refuses stored entries with data
    // descriptors, which Office and POI write. Sizes it declares are not trusted; bytes are
    // counted.
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (var it = zip.entries().asIterator(); it.hasNext(); ) {
        ZipEntry entry = it.next();
        if (++entries > maxEntries) {
          throw tooLarge(name, "holds more than " + maxEntries + " files inside");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          for (int n = in.read(sink); n >= 0; n = in.read(sink)) {
            total += n;
            if (total > maxExpandedBytes) {
              throw tooLarge(
                  name,
                  "unpacks to more than "
                      + maxExpandedBytes
                      + " bytes (the limit for what one file may expand to)");
            }
          }
        }
      }
    } catch (IOException e) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "File '" + name + "' cannot be ingested: it is damaged or not what its type says.",
          "files");
    }
  }

  /** Passes text on until there is too much of it; remembers that it stopped the parser. */
  Limited limited(ContentHandler handler) {
    return new Limited(handler, maxChars);
  }

  /** A handler that stops the parser once too much text went through it. */
  static final class Limited extends ContentHandlerDecorator {
    private final long maxChars;
    private long chars;
    private boolean exceeded;

    Limited(ContentHandler handler, long maxChars) {
      super(handler);
      this.maxChars = maxChars;
    }

    /** Whether it stopped the parser (parsers may wrap or replace the exception it threw). */
    boolean exceeded() {
      return exceeded;
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
      count(length);
      super.characters(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
      count(length);
      super.ignorableWhitespace(ch, start, length);
    }

    private void count(int length) throws TooMuchText {
      chars += length;
      if (chars > maxChars) {
        exceeded = true;
        throw new TooMuchText();
      }
    }
  }

  ProblemException tooMuchText(String name) {
    return tooLarge(
        name, "holds more than " + maxChars + " characters of text (the limit per file)");
  }

  ProblemException suspiciousExpansion(String name) {
    return tooLarge(
        name,
        "expands to far more text than its size suggests (a suspected compression bomb);"
            + " upload it as plain text or Markdown instead");
  }

  /** Thrown from inside the parser to stop it. */
  static final class TooMuchText extends SAXException {
    TooMuchText() {
      super("too much text");
    }
  }

  private static ProblemException tooLarge(String name, String why) {
    return new ProblemException(
        ProblemType.PAYLOAD_TOO_LARGE, "File '" + name + "' " + why + ".", "files");
  }
}
