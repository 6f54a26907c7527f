package dev.devflow.knowledgehub.ingest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A page or file turned into structured clean text: blocks of prose or code, each under its heading
 * path, plus the links it contains (for crawling).
 */
public record ParsedDocument(String title, List<Block> blocks, List<URI> links, URI canonical) {

  /**
   * One piece of content.
   *
   * @param headingPath headings above it, joined with " > "
   * @param code whether it is a code block (kept whole)
   * @param language code language, or empty
   * @param context prose right before a code block, for code examples
   */
  public record Block(
      String headingPath, String text, boolean code, String language, String context) {

    public static Block prose(String headingPath, String text) {
      return new Block(headingPath, text, false, "", "");
    }
  }

  /** The document's clean text, headings and code included. */
  public String text() {
    return blocks.stream().map(Block::text).collect(Collectors.joining("\n\n"));
  }

  /** SHA-256 of title and clean text: what refresh compares to skip unchanged pages. */
  public String contentHash() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((title + "\n" + text()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public List<Block> codeBlocks() {
    return blocks.stream().filter(Block::code).toList();
  }
}
