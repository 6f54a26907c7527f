package dev.devflow.knowledgehub.upload;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
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
    try (InputStream raw = Files.newInputStream(file);
        ZipInputStream zip = new ZipInputStream(raw)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (++entries > maxEntries) {
          throw tooLarge(name, "holds more than " + maxEntries + " files inside");
        }
        for (int n = zip.read(sink); n >= 0; n = zip.read(sink)) {
          total += n;
          if (total > maxExpandedBytes) {
            throw tooLarge(
                name,
                "unpacks to more than "
                    + maxExpandedBytes / (1024 * 1024)
                    + " MB (the limit for what one file may expand to)");
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

  /** Passes text on until there is too much of it. */
  ContentHandler limited(String name, ContentHandler handler) {
    return new ContentHandlerDecorator(handler) {
      private long chars;

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
          throw new TooMuchText();
        }
      }
    };
  }

  ProblemException tooMuchText(String name) {
    return tooLarge(
        name, "holds more than " + maxChars + " characters of text (the limit per file)");
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
