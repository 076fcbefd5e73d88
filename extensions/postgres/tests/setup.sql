-- The suite's fixtures, run once by run.sh before pg_prove: the extensions, the paths and the
-- command line's outputs the tests compare with, 1 M applications, and their CSV for `bareme score`.
\set ON_ERROR_STOP 1
CREATE EXTENSION pgtap;
CREATE EXTENSION bareme;
CREATE TABLE t_config (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO t_config VALUES
  ('dir', :'dir'), ('app', :'app'), ('partial', :'partial'), ('bundled_app', :'bundled_app'),
  ('eval', pg_read_file(:'dir' || '/out/eval.json')),
  ('explain', pg_read_file(:'dir' || '/out/explain.json')),
  ('missing', pg_read_file(:'dir' || '/out/missing.json')),
  ('bundled_eval', pg_read_file(:'dir' || '/out/bundled_eval.json'));

-- Deterministic pseudo-random applications; every 97th has no filed_on (not eligible
-- without it when another condition fails, else undetermined: docs/semantics.md §3.12).
CREATE TABLE applications AS
SELECT i AS id,
       (ARRAY['company', 'local_authority', 'public_body', 'association', 'social_landlord', 'individual',
              'joint_ownership'])[1 + (hashint8extended(i, 1) & 1023) % 7] AS beneficiary,
       (ARRAY['occitanie', 'île_de_france', 'bretagne'])[1 + (hashint8extended(i, 2) & 1023) % 3] AS site_region,
       ((hashint8extended(i, 3) & 1023) % 4)::int AS v2g_stations,
       ((hashint8extended(i, 4) & 1023) % 4)::int AS v1g_stations,
       CASE WHEN i % 97 = 0 THEN NULL ELSE date '2022-01-01' + ((hashint8extended(i, 5) & 1023) % 365)::int END AS filed_on,
       date '2022-01-01' + ((hashint8extended(i, 6) & 1023) % 400)::int AS works_start
FROM generate_series(1, 1000000) AS i;
ALTER TABLE applications ADD PRIMARY KEY (id);
VACUUM ANALYZE applications;

\set csv :dir '/out/apps.csv'
COPY (SELECT beneficiary, site_region, v2g_stations, v1g_stations, filed_on, works_start
      FROM applications ORDER BY id) TO :'csv' WITH (FORMAT csv, HEADER);
