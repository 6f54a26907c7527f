package dev.devflow.knowledgehub.document;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.tenant.TenantContext;
import dev.devflow.knowledgehub.source.Ids;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The stored pages and files behind search hits, to read whole or page by page. */
@Path("/api/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Documents")
public class DocumentResource {

  static final int DEFAULT_MAX_CHARS = 20_000;
  static final int MAX_CHARS = 200_000;
  static final int MAX_LIST = 500;

  private final DocumentRepository documents;
  private final TenantContext tenant;

  public DocumentResource(DocumentRepository documents, TenantContext tenant) {
    this.documents = documents;
    this.tenant = tenant;
  }

  /** Lists documents (no text), by source and exact URL when given. */
  @GET
  public List<Document> listDocuments(
      @QueryParam("sourceId") String sourceId,
      @QueryParam("url") String url,
      @QueryParam("limit") String limit) {
    UUID source = sourceId == null || sourceId.isBlank() ? null : Ids.parse(sourceId, "source");
    int max = (int) number("limit", limit, 100, 1, MAX_LIST);
    return documents.listDocuments(tenant.slug().orElseThrow(), source, blankToNull(url), max);
  }

  /** One document with a window of its text: {@code maxChars} characters from {@code offset}. */
  @GET
  @Path("/{id}")
  public Document getDocument(
      @PathParam("id") String id,
      @QueryParam("offset") String offset,
      @QueryParam("maxChars") String maxChars) {
    long documentId = number("id", id, 0, 1, Long.MAX_VALUE);
    int from = (int) number("offset", offset, 0, 0, Integer.MAX_VALUE);
    int size = (int) number("maxChars", maxChars, DEFAULT_MAX_CHARS, 1, MAX_CHARS);
    return documents
        .findDocument(tenant.slug().orElseThrow(), documentId, from, size)
        .orElseThrow(() -> ProblemException.notFound("No document " + id + "."));
  }

  private static long number(String field, String value, long fallback, long min, long max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below with the rule
    }
    throw ProblemException.invalid(
        field,
        field + " must be a whole number from " + min + " to " + max + ", not '" + value + "'.");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
