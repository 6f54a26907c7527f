package dev.devflow.knowledgehub.ingest;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.knowledgehub.embed.Embeddings;
import dev.devflow.knowledgehub.search.SearchIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores pages with their chunks, embeddings and code examples. A page and the frontier entry it
 * completes commit together, so a crash never loses a page nor makes it embedded twice.
 */
@ApplicationScoped
public class DocumentStore {

  private final TenantSql sql;
  private final Embeddings embeddings;

  public DocumentStore(TenantSql sql, Embeddings embeddings) {
    this.sql = sql;
    this.embeddings = embeddings;
  }

  /** Content hashes of all of a source's pages by URL, to skip unchanged pages on refresh. */
  public java.util.Map<String, String> contentHashes(String tenant, UUID sourceId) {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    sql.list(
        TenantSlug.of(tenant),
        "SELECT url, content_hash FROM {schema}.documents WHERE source_id = ?",
        rs -> out.put(rs.getString(1), rs.getString(2)),
        sourceId);
    return out;
  }

  /** The stored content hash of a source's page, if it has one. */
  public Optional<String> contentHash(String tenant, UUID sourceId, String url) {
    return sql.one(
        TenantSlug.of(tenant),
        "SELECT content_hash FROM {schema}.documents WHERE source_id = ? AND url = ?",
        rs -> rs.getString(1),
        sourceId,
        url);
  }

  /** Marks an unchanged page as seen by this job and its frontier entry done. */
  @Transactional
  public void markUnchanged(
      String tenant, UUID jobId, UUID sourceId, String url, String frontierUrl) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.documents SET seen_job_id = ? WHERE source_id = ? AND url = ?",
        jobId,
        sourceId,
        url);
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.crawl_frontier SET state = 'done' WHERE job_id = ? AND url = ?",
        jobId,
        frontierUrl);
  }

  /** Keeps a page that failed transiently: it is not treated as vanished by this job. */
  public void markSeen(String tenant, UUID jobId, UUID sourceId, String url) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.documents SET seen_job_id = ? WHERE source_id = ? AND url = ?",
        jobId,
        sourceId,
        url);
  }

  /** Stores the pages (replacing older versions) and returns what the index must now hold. */
  @Transactional
  public List<SearchIndex.IndexedDocument> store(
      String tenant, UUID jobId, List<EmbeddedPage> pages) {
    return sql.with(
        c -> {
          List<SearchIndex.IndexedDocument> out = new ArrayList<>();
          for (EmbeddedPage p : pages) {
            out.add(storeOne(c, tenant, jobId, p));
          }
          return out;
        });
  }

  private SearchIndex.IndexedDocument storeOne(
      Connection c, String tenant, UUID jobId, EmbeddedPage p) throws SQLException {
    long docId;
    try (PreparedStatement ps =
            TenantSql.prepare(
                c,
                TenantSql.qualify(
                    TenantSlug.of(tenant),
                    """
        INSERT INTO {schema}.documents (source_id, url, title, content_hash, text, seen_job_id, fetched_at)
        VALUES (?, ?, ?, ?, ?, ?, now())
        ON CONFLICT (source_id, url) DO UPDATE SET title = excluded.title,
          content_hash = excluded.content_hash, text = excluded.text,
          seen_job_id = excluded.seen_job_id, fetched_at = now()
        RETURNING id
        """),
                p.sourceId(),
                p.url(),
                p.parsed().title(),
                p.contentHash(),
                p.parsed().text(),
                jobId);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      docId = rs.getLong(1);
    }
    update(
        c,
        TenantSql.qualify(
            TenantSlug.of(tenant), "DELETE FROM {schema}.chunks WHERE document_id = ?"),
        docId);
    update(
        c,
        TenantSql.qualify(
            TenantSlug.of(tenant), "DELETE FROM {schema}.code_examples WHERE document_id = ?"),
        docId);
    List<SearchIndex.IndexedChunk> chunks = insertChunks(c, tenant, docId, p);
    List<SearchIndex.IndexedCode> code = insertCode(c, tenant, docId, p);
    if (p.frontierUrl() != null) {
      update(
          c,
          TenantSql.qualify(
              TenantSlug.of(tenant),
              "UPDATE {schema}.crawl_frontier SET state = 'done' WHERE job_id = ? AND url = ?"),
          jobId,
          p.frontierUrl());
    }
    return new SearchIndex.IndexedDocument(docId, chunks, code);
  }

  /** One round trip for all of a page's chunks, their vectors bound as binary real[]. */
  private List<SearchIndex.IndexedChunk> insertChunks(
      Connection c, String tenant, long docId, EmbeddedPage p) throws SQLException {
    String title = p.parsed().title();
    String model = embeddings.model();
    try (PreparedStatement ps =
        c.prepareStatement(
            TenantSql.qualify(
                TenantSlug.of(tenant),
                """
        INSERT INTO {schema}.chunks (document_id, source_id, ordinal, text, heading_path, url, title,
          embedding, model, dimension) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """),
            new String[] {"id"})) {
      for (int i = 0; i < p.chunks().size(); i++) {
        Chunker.Draft d = p.chunks().get(i);
        float[] v = p.vectors().get(i);
        TenantSql.bind(
            c,
            ps,
            docId,
            p.sourceId(),
            d.ordinal(),
            d.text(),
            d.headingPath(),
            p.url(),
            title,
            v,
            model,
            v.length);
        ps.addBatch();
      }
      long[] ids = executeReturningIds(ps, p.chunks().size());
      List<SearchIndex.IndexedChunk> out = new ArrayList<>(ids.length);
      for (int i = 0; i < ids.length; i++) {
        Chunker.Draft d = p.chunks().get(i);
        out.add(
            new SearchIndex.IndexedChunk(
                ids[i],
                docId,
                p.sourceId(),
                p.url(),
                title,
                d.headingPath(),
                d.text(),
                p.vectors().get(i),
                d.ordinal()));
      }
      return out;
    }
  }

  private List<SearchIndex.IndexedCode> insertCode(
      Connection c, String tenant, long docId, EmbeddedPage p) throws SQLException {
    List<ParsedDocument.Block> blocks = p.parsed().codeBlocks();
    if (blocks.isEmpty()) {
      return List.of();
    }
    String title = p.parsed().title();
    try (PreparedStatement ps =
        c.prepareStatement(
            TenantSql.qualify(
                TenantSlug.of(tenant),
                """
          INSERT INTO {schema}.code_examples (document_id, source_id, language, code, context, url, title)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """),
            new String[] {"id"})) {
      for (ParsedDocument.Block b : blocks) {
        TenantSql.bind(
            c, ps, docId, p.sourceId(), b.language(), b.text(), b.context(), p.url(), title);
        ps.addBatch();
      }
      long[] ids = executeReturningIds(ps, blocks.size());
      List<SearchIndex.IndexedCode> out = new ArrayList<>(ids.length);
      for (int i = 0; i < ids.length; i++) {
        ParsedDocument.Block b = blocks.get(i);
        out.add(
            new SearchIndex.IndexedCode(
                ids[i], docId, p.sourceId(), p.url(), title, b.language(), b.text(), b.context()));
      }
      return out;
    }
  }

  /** Runs a batch of single-row inserts and returns their generated ids in batch order. */
  private static long[] executeReturningIds(PreparedStatement ps, int rows) throws SQLException {
    long[] ids = new long[rows];
    ps.executeBatch();
    try (ResultSet keys = ps.getGeneratedKeys()) {
      for (int i = 0; i < rows; i++) {
        if (!keys.next()) {
          throw new SQLException("Expected " + rows + " generated ids, got " + i);
        }
        ids[i] = keys.getLong(1);
      }
    }
    return ids;
  }

  private static void update(Connection c, String statement, Object... args) throws SQLException {
    try (PreparedStatement ps = TenantSql.prepare(c, statement, args)) {
      ps.executeUpdate();
    }
  }

  /** Removes a source's pages not seen by this job (vanished since the last crawl). */
  @Transactional
  public List<Long> deleteUnseen(String tenant, UUID sourceId, UUID jobId) {
    return sql.list(
        TenantSlug.of(tenant),
        "DELETE FROM {schema}.documents WHERE source_id = ? AND seen_job_id IS DISTINCT FROM ? RETURNING id",
        rs -> rs.getLong(1),
        sourceId,
        jobId);
  }
}
