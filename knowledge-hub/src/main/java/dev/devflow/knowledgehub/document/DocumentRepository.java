package dev.devflow.knowledgehub.document;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads stored documents; the text is cut in the database so a huge page is never loaded whole. */
@ApplicationScoped
public class DocumentRepository {

  private final TenantSql sql;

  public DocumentRepository(TenantSql sql) {
    this.sql = sql;
  }

  /** The document with {@code maxChars} of its text from {@code offset} (0-based). */
  public Optional<Document> findDocument(String tenant, long id, int offset, int maxChars) {
    return sql.one(
        TenantSlug.of(tenant),
        "SELECT id, source_id, url, title, fetched_at, length(text) AS len, ? AS off,"
            + " substr(text, ?, ?) AS part FROM {schema}.documents WHERE id = ?",
        DocumentRepository::map,
        offset,
        offset + 1,
        maxChars,
        id);
  }

  /** Documents of a tenant, optionally of one source and one URL, without their text. */
  public List<Document> listDocuments(String tenant, UUID sourceId, String url, int limit) {
    return sql.list(
        TenantSlug.of(tenant),
        "SELECT id, source_id, url, title, fetched_at, length(text) AS len, 0 AS off, '' AS part"
            + " FROM {schema}.documents WHERE (?::uuid IS NULL OR source_id = ?::uuid)"
            + " AND (?::text IS NULL OR url = ?::text) ORDER BY source_id, url LIMIT ?",
        DocumentRepository::map,
        sourceId,
        sourceId,
        url,
        url,
        limit);
  }

  private static Document map(ResultSet rs) throws SQLException {
    return new Document(
        rs.getLong("id"),
        rs.getObject("source_id", UUID.class),
        rs.getString("url"),
        rs.getString("title"),
        rs.getObject("fetched_at", OffsetDateTime.class),
        rs.getInt("len"),
        rs.getInt("off"),
        rs.getString("part"));
  }
}
