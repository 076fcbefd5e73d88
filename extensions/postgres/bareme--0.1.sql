-- The SQL objects of the extension bareme 0.1: the scheme table and the functions (README.md).
\echo Use "CREATE EXTENSION bareme" to load this file. \quit

-- Registered schemes: each backend (and each parallel worker) loads a scheme from its file on
-- first use, caches it, and loads it again when this row or the file changes.
CREATE TABLE @extschema@.bareme_schemes (
  name text PRIMARY KEY,
  path text NOT NULL CHECK (path LIKE '/%'),
  loaded_at timestamptz NOT NULL DEFAULT now()
);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.bareme_schemes', '');
-- Every user may evaluate a registered scheme; registering reads server files, as COPY FROM a
-- file does: superusers and members of pg_read_server_files (bareme_load checks it too).
GRANT SELECT ON @extschema@.bareme_schemes TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON @extschema@.bareme_schemes TO pg_read_server_files;

CREATE FUNCTION @extschema@.bareme_load(name text, path text) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'bareme_pg_load' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION @extschema@.bareme_unload(name text) RETURNS boolean
  AS 'MODULE_PATHNAME', 'bareme_pg_unload' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION @extschema@.bareme_cached() RETURNS TABLE (name text, path text, loads integer)
  AS 'MODULE_PATHNAME', 'bareme_pg_cached' LANGUAGE C VOLATILE PARALLEL RESTRICTED;
CREATE FUNCTION @extschema@.bareme_describe(scheme text) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'bareme_pg_describe' LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.bareme_eval(scheme text, app jsonb) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'bareme_pg_eval' LANGUAGE C STABLE STRICT PARALLEL SAFE COST 1000;
CREATE FUNCTION @extschema@.bareme_explain(scheme text, app jsonb) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'bareme_pg_explain' LANGUAGE C STABLE STRICT PARALLEL SAFE COST 1000;
CREATE FUNCTION @extschema@.bareme_missing(scheme text, app jsonb) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'bareme_pg_missing' LANGUAGE C STABLE STRICT PARALLEL SAFE COST 1000;

CREATE FUNCTION @extschema@.bareme_score(scheme text, query text, batch_rows integer DEFAULT 65536)
  RETURNS TABLE (row_number bigint, key text, eligible boolean, amount numeric, failed text, error text, outputs jsonb)
  AS 'MODULE_PATHNAME', 'bareme_pg_score' LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 100000;

-- bareme_summary(scheme, app): totals of a group ({"rows", "eligible", "undetermined", "amount"}),
-- a parallel aggregate: each worker buffers its rows and scores them in JIT batches.
CREATE FUNCTION @extschema@.bareme_summary_add(internal, text, jsonb) RETURNS internal
  AS 'MODULE_PATHNAME', 'bareme_pg_summary_add' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION @extschema@.bareme_summary_combine(internal, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'bareme_pg_summary_combine' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION @extschema@.bareme_summary_serialize(internal) RETURNS bytea
  AS 'MODULE_PATHNAME', 'bareme_pg_summary_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.bareme_summary_deserialize(bytea, internal) RETURNS internal
  AS 'MODULE_PATHNAME', 'bareme_pg_summary_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.bareme_summary_final(internal) RETURNS jsonb
  AS 'MODULE_PATHNAME', 'bareme_pg_summary_final' LANGUAGE C CALLED ON NULL INPUT PARALLEL SAFE;
CREATE AGGREGATE @extschema@.bareme_summary(scheme text, app jsonb) (
  SFUNC = @extschema@.bareme_summary_add, STYPE = internal,
  COMBINEFUNC = @extschema@.bareme_summary_combine,
  SERIALFUNC = @extschema@.bareme_summary_serialize, DESERIALFUNC = @extschema@.bareme_summary_deserialize,
  FINALFUNC = @extschema@.bareme_summary_final, FINALFUNC_MODIFY = READ_WRITE,
  PARALLEL = SAFE
);
