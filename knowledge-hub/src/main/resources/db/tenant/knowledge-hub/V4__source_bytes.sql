-- The storage a plan limits, kept per source the way its counts are (V3): the bytes of its pages'
-- text, its chunks with their vectors, and its code examples, as stored (uncompressed). Measured
-- from the rows themselves, so a deleted source gives its bytes back at once; table sizes on disk
-- would keep them until a VACUUM FULL.
ALTER TABLE sources ADD COLUMN stored_bytes BIGINT NOT NULL DEFAULT 0;

UPDATE sources s SET stored_bytes =
      coalesce((SELECT sum(octet_length(d.url) + octet_length(d.title) + octet_length(d.text))
                  FROM documents d WHERE d.source_id = s.id), 0)
    + coalesce((SELECT sum(octet_length(c.text) + octet_length(c.heading_path) + octet_length(c.url)
                           + octet_length(c.title) + 4 * coalesce(cardinality(c.embedding), 0))
                  FROM chunks c WHERE c.source_id = s.id), 0)
    + coalesce((SELECT sum(octet_length(e.code) + octet_length(e.context) + octet_length(e.url)
                           + octet_length(e.title))
                  FROM code_examples e WHERE e.source_id = s.id), 0);

-- TG_ARGV[0]: +1 for rows added, -1 for rows removed; TG_ARGV[1]: a row's bytes, over `changed`
CREATE FUNCTION count_source_bytes() RETURNS trigger
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}
AS $$
BEGIN
    EXECUTE format(
        'UPDATE sources s SET stored_bytes = s.stored_bytes + $1 * c.n
           FROM (SELECT source_id, sum(%s) AS n FROM changed GROUP BY source_id) c
          WHERE s.id = c.source_id', TG_ARGV[1])
    USING TG_ARGV[0]::bigint;
    RETURN NULL;
END
$$;

-- Updates add the new rows' bytes and take the old ones'; most (a page seen again by a re-crawl)
-- change no size and write nothing. TG_ARGV[0]: a row's bytes.
CREATE FUNCTION recount_source_bytes() RETURNS trigger
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}
AS $$
BEGIN
    EXECUTE format(
        'UPDATE sources s SET stored_bytes = s.stored_bytes + c.n
           FROM (SELECT source_id, sum(n) AS n
                   FROM (SELECT source_id, %1$s AS n FROM changed
                         UNION ALL SELECT source_id, -(%1$s) FROM gone) rows
                  GROUP BY source_id HAVING sum(n) <> 0) c
          WHERE s.id = c.source_id', TG_ARGV[0]);
    RETURN NULL;
END
$$;

CREATE TRIGGER documents_bytes_in AFTER INSERT ON documents
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION
    count_source_bytes('1', 'octet_length(url) + octet_length(title) + octet_length(text)');
CREATE TRIGGER documents_bytes_out AFTER DELETE ON documents
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION
    count_source_bytes('-1', 'octet_length(url) + octet_length(title) + octet_length(text)');
CREATE TRIGGER documents_bytes_changed AFTER UPDATE ON documents
    REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION
    recount_source_bytes('octet_length(url) + octet_length(title) + octet_length(text)');

CREATE TRIGGER chunks_bytes_in AFTER INSERT ON chunks
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION
    count_source_bytes('1', 'octet_length(text) + octet_length(heading_path) + octet_length(url)'
        ' + octet_length(title) + 4 * coalesce(cardinality(embedding), 0)');
CREATE TRIGGER chunks_bytes_out AFTER DELETE ON chunks
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION
    count_source_bytes('-1', 'octet_length(text) + octet_length(heading_path) + octet_length(url)'
        ' + octet_length(title) + 4 * coalesce(cardinality(embedding), 0)');
CREATE TRIGGER chunks_bytes_changed AFTER UPDATE ON chunks
    REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION
    recount_source_bytes('octet_length(text) + octet_length(heading_path) + octet_length(url)'
        ' + octet_length(title) + 4 * coalesce(cardinality(embedding), 0)');

CREATE TRIGGER code_bytes_in AFTER INSERT ON code_examples
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION
    count_source_bytes('1', 'octet_length(code) + octet_length(context) + octet_length(url)'
        ' + octet_length(title)');
CREATE TRIGGER code_bytes_out AFTER DELETE ON code_examples
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION
    count_source_bytes('-1', 'octet_length(code) + octet_length(context) + octet_length(url)'
        ' + octet_length(title)');
CREATE TRIGGER code_bytes_changed AFTER UPDATE ON code_examples
    REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION
    recount_source_bytes('octet_length(code) + octet_length(context) + octet_length(url)'
        ' + octet_length(title)');
