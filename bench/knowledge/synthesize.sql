-- Grows the tenant's chunks for the search-latency benchmark: :copies copies of every real chunk,
-- each in its own synthetic document, with its text tagged and four vector coordinates jittered so HNSW sees
-- distinct points. Only for bench/knowledge; never run against real data.
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE synth_docs AS
SELECT d.id AS orig_id, n AS copy, nextval(pg_get_serial_sequence('tenant_local.documents', 'id')) AS new_id,
       d.source_id, d.url, d.title, d.text
FROM tenant_local.documents d CROSS JOIN generate_series(1, :copies) n;
INSERT INTO tenant_local.documents (id, source_id, url, title, content_hash, text)
SELECT new_id, source_id, url || '#copy-' || copy, title, 'synthetic', '' FROM synth_docs;
INSERT INTO tenant_local.chunks (document_id, source_id, ordinal, text, heading_path, url, title, embedding, model, dimension)
SELECT s.new_id, c.source_id, c.ordinal, c.text || ' (copy ' || s.copy || ')', c.heading_path, c.url || '#copy-' || s.copy, c.title,
       -- jitter four coordinates: cheap, and enough to make every copy a distinct point
       array_cat(ARRAY[c.embedding[1] + (random()::real - 0.5::real) * 0.1::real,
                       c.embedding[2] + (random()::real - 0.5::real) * 0.1::real,
                       c.embedding[3] + (random()::real - 0.5::real) * 0.1::real,
                       c.embedding[4] + (random()::real - 0.5::real) * 0.1::real],
                 c.embedding[5:c.dimension]), c.model, c.dimension
FROM synth_docs s JOIN tenant_local.chunks c ON c.document_id = s.orig_id;
COMMIT;
