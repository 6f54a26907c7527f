-- Every replica of the knowledge hub keeps its own Lucene index. This log of the documents whose
-- chunks or code examples changed, written by triggers in the same transaction as the change, lets
-- each replica apply what the others wrote (IndexFollower); `origin` is the writer's
-- application_name, unique per replica, so a replica skips its own changes.
CREATE TABLE index_changes (
    id          BIGSERIAL PRIMARY KEY,
    document_id BIGINT NOT NULL,
    origin      TEXT NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX index_changes_changed_at ON index_changes (changed_at);

CREATE FUNCTION record_index_change() RETURNS trigger
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}
AS $$
BEGIN
    INSERT INTO index_changes (document_id, origin)
    SELECT DISTINCT document_id, coalesce(current_setting('application_name', true), '')
    FROM changed;
    PERFORM pg_notify('devflow_index', TG_TABLE_SCHEMA);
    RETURN NULL;
END
$$;

CREATE TRIGGER chunks_inserted AFTER INSERT ON chunks
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_index_change();
CREATE TRIGGER chunks_updated AFTER UPDATE ON chunks
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_index_change();
CREATE TRIGGER chunks_deleted AFTER DELETE ON chunks
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_index_change();
CREATE TRIGGER code_examples_inserted AFTER INSERT ON code_examples
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_index_change();
CREATE TRIGGER code_examples_updated AFTER UPDATE ON code_examples
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_index_change();
CREATE TRIGGER code_examples_deleted AFTER DELETE ON code_examples
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION record_index_change();
