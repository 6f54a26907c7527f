package dev.devflow.knowledgehub.source;

import dev.devflow.common.persistence.TenantSql;
import dev.devflow.common.tenant.TenantSlug;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Sources in a tenant's schema, with their page, chunk and code example counts. */
@ApplicationScoped
public class SourceRepository {

  /** The counts are columns the writes keep current (see V3__source_counts.sql). */
  private static final String SELECT = "SELECT s.* FROM {schema}.sources s";

  private static final long NAMES_TTL_NANOS = 1_000_000_000L;

  private final TenantSql sql;
  private final Map<String, Names> names = new ConcurrentHashMap<>();

  public SourceRepository(TenantSql sql) {
    this.sql = sql;
  }

  public Optional<Source> findSourceById(String tenant, UUID id) {
    return sql.one(TenantSlug.of(tenant), SELECT + " WHERE s.id = ?", SourceRepository::map, id);
  }

  public Optional<UUID> findIdByUrl(String tenant, String url) {
    return sql.one(
        TenantSlug.of(tenant),
        "SELECT id FROM {schema}.sources WHERE url = ?",
        rs -> rs.getObject(1, UUID.class),
        url);
  }

  public List<Source> listSources(String tenant, String tag) {
    if (tag == null) {
      return sql.list(
          TenantSlug.of(tenant), SELECT + " ORDER BY s.created_at, s.id", SourceRepository::map);
    }
    return sql.list(
        TenantSlug.of(tenant),
        SELECT + " WHERE ? = ANY(s.tags) ORDER BY s.created_at, s.id",
        SourceRepository::map,
        tag);
  }

  /**
   * Names of the tenant's sources by id, for search results. Every search needs them, so they are
   * kept for a second (a database round trip per query was a twentieth of a search's time): this
   * replica forgets them at once when it changes a source, another replica within the second.
   */
  public Map<UUID, String> names(String tenant) {
    Names held = names.get(tenant);
    long now = System.nanoTime();
    if (held != null && now - held.loadedAt() < NAMES_TTL_NANOS) {
      return held.byId();
    }
    Map<UUID, String> out = new HashMap<>();
    sql.list(
        TenantSlug.of(tenant),
        "SELECT id, name FROM {schema}.sources",
        rs -> out.put(rs.getObject(1, UUID.class), rs.getString(2)));
    Map<UUID, String> byId = Map.copyOf(out);
    names.put(tenant, new Names(byId, now));
    return byId;
  }

  private record Names(Map<UUID, String> byId, long loadedAt) {}

  /** Ids of the tenant's sources carrying any of the tags. */
  public List<UUID> idsWithAnyTag(String tenant, List<String> tags) {
    return sql.list(
        TenantSlug.of(tenant),
        "SELECT id FROM {schema}.sources WHERE tags && ?",
        rs -> rs.getObject(1, UUID.class),
        tags);
  }

  /** Which of the ids exist in the tenant's schema. */
  public List<UUID> existing(String tenant, List<UUID> ids) {
    return sql.list(
        TenantSlug.of(tenant),
        "SELECT id FROM {schema}.sources WHERE id = ANY(?::uuid[])",
        rs -> rs.getObject(1, UUID.class),
        ids.stream().map(UUID::toString).toList());
  }

  public void insert(
      String tenant, UUID id, String kind, String name, String url, SourceRequest settings) {
    names.remove(tenant);
    sql.update(
        TenantSlug.of(tenant),
        """
        INSERT INTO {schema}.sources (id, name, kind, url, tags, max_depth, max_pages,
          include_patterns, exclude_patterns, status)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued')
        """,
        id,
        name,
        kind,
        url,
        settings.tagsOrEmpty(),
        settings.depthOrDefault(),
        settings.pagesOrDefault(),
        settings.includeOrEmpty(),
        settings.excludeOrEmpty());
  }

  /** Applies the given fields of an update; absent ones keep their value. */
  public void update(String tenant, UUID id, SourceUpdate u) {
    names.remove(tenant);
    sql.update(
        TenantSlug.of(tenant),
        """
        UPDATE {schema}.sources SET name = coalesce(?, name), tags = coalesce(?, tags),
          max_depth = coalesce(?, max_depth), max_pages = coalesce(?, max_pages),
          include_patterns = coalesce(?, include_patterns),
          exclude_patterns = coalesce(?, exclude_patterns), updated_at = now()
        WHERE id = ?
        """,
        u.name() == null ? null : u.name().strip(),
        u.tags(),
        u.maxDepth(),
        u.maxPages(),
        u.includePatterns(),
        u.excludePatterns(),
        id);
  }

  public void updateStatus(String tenant, UUID id, String status, String error, boolean crawled) {
    sql.update(
        TenantSlug.of(tenant),
        "UPDATE {schema}.sources SET status = ?, last_error = ?, updated_at = now(),"
            + " last_crawl_at = CASE WHEN ? THEN now() ELSE last_crawl_at END WHERE id = ?",
        status,
        error,
        crawled,
        id);
  }

  public boolean delete(String tenant, UUID id) {
    names.remove(tenant);
    return sql.update(TenantSlug.of(tenant), "DELETE FROM {schema}.sources WHERE id = ?", id) > 0;
  }

  private static Source map(ResultSet rs) throws SQLException {
    return new Source(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        rs.getString("kind"),
        rs.getString("url"),
        TenantSql.strings(rs.getArray("tags")),
        rs.getInt("max_depth"),
        rs.getInt("max_pages"),
        TenantSql.strings(rs.getArray("include_patterns")),
        TenantSql.strings(rs.getArray("exclude_patterns")),
        rs.getString("status"),
        rs.getInt("page_count"),
        rs.getInt("chunk_count"),
        rs.getInt("code_count"),
        rs.getObject("last_crawl_at", OffsetDateTime.class),
        rs.getString("last_error"),
        rs.getObject("created_at", OffsetDateTime.class));
  }
}
