-- Knowledge hub: sources, their documents, chunks with embeddings, code examples, and the
-- durable ingestion jobs (with their crawl frontier) that fill them. Everything a search index
-- holds can be rebuilt from these tables.

CREATE TABLE sources (
    id               UUID PRIMARY KEY,
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('url', 'upload')),
    url              TEXT,
    tags             TEXT[] NOT NULL DEFAULT '{}',
    max_depth        INT NOT NULL DEFAULT 3,
    max_pages        INT NOT NULL DEFAULT 1000,
    include_patterns TEXT[] NOT NULL DEFAULT '{}',
    exclude_patterns TEXT[] NOT NULL DEFAULT '{}',
    status           TEXT NOT NULL DEFAULT 'idle',
    last_crawl_at    TIMESTAMPTZ,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sources_url_unique ON sources (url) WHERE url IS NOT NULL;

CREATE TABLE documents (
    id           BIGSERIAL PRIMARY KEY,
    source_id    UUID NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    url          TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    text         TEXT NOT NULL,
    seen_job_id  UUID,
    fetched_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (source_id, url)
);

CREATE TABLE chunks (
    id           BIGSERIAL PRIMARY KEY,
    document_id  BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    source_id    UUID NOT NULL,
    ordinal      INT NOT NULL,
    text         TEXT NOT NULL,
    heading_path TEXT NOT NULL DEFAULT '',
    url          TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    embedding    REAL[] NOT NULL,
    model        TEXT NOT NULL,
    dimension    INT NOT NULL
);
CREATE INDEX chunks_document ON chunks (document_id);
CREATE INDEX chunks_source ON chunks (source_id);

CREATE TABLE code_examples (
    id          BIGSERIAL PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    source_id   UUID NOT NULL,
    language    TEXT NOT NULL DEFAULT '',
    code        TEXT NOT NULL,
    context     TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX code_examples_document ON code_examples (document_id);
CREATE INDEX code_examples_source ON code_examples (source_id);

CREATE TABLE ingest_jobs (
    id               UUID PRIMARY KEY,
    source_id        UUID NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('crawl', 'refresh', 'upload')),
    status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    pages_found      INT NOT NULL DEFAULT 0,
    pages_fetched    INT NOT NULL DEFAULT 0,
    pages_chunked    INT NOT NULL DEFAULT 0,
    pages_embedded   INT NOT NULL DEFAULT 0,
    pages_unchanged  INT NOT NULL DEFAULT 0,
    pages_failed     INT NOT NULL DEFAULT 0,
    chunks_embedded  INT NOT NULL DEFAULT 0,
    cancel_requested BOOLEAN NOT NULL DEFAULT false,
    discovered       BOOLEAN NOT NULL DEFAULT false,
    error            TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ
);
CREATE INDEX ingest_jobs_source ON ingest_jobs (source_id, created_at DESC);
CREATE INDEX ingest_jobs_status ON ingest_jobs (status);

-- The crawl's to-do list: a page is 'done' in the same transaction that stores its chunks, so a
-- job resumed after a crash fetches exactly the pages whose results were not committed.
CREATE TABLE crawl_frontier (
    job_id UUID NOT NULL REFERENCES ingest_jobs (id) ON DELETE CASCADE,
    url    TEXT NOT NULL,
    depth  INT NOT NULL,
    state  TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed', 'skipped')),
    PRIMARY KEY (job_id, url)
);
CREATE INDEX crawl_frontier_pending ON crawl_frontier (job_id) WHERE state = 'pending';

CREATE TABLE ingest_errors (
    id         BIGSERIAL PRIMARY KEY,
    job_id     UUID NOT NULL REFERENCES ingest_jobs (id) ON DELETE CASCADE,
    url        TEXT NOT NULL,
    message    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ingest_errors_job ON ingest_errors (job_id);

-- Uploaded files waiting to be chunked and embedded by their upload job (as XHTML from Tika, or
-- as Markdown / reStructuredText / plain text); deleted when the job is done.
CREATE TABLE upload_files (
    job_id UUID NOT NULL REFERENCES ingest_jobs (id) ON DELETE CASCADE,
    url    TEXT NOT NULL,
    name   TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('xhtml', 'markup')),
    body   TEXT NOT NULL,
    PRIMARY KEY (job_id, url)
);
