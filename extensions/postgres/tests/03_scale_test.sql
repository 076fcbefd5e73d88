-- 1 M applications scored two ways, both equal to `bareme score` on the same rows (cli_scores,
-- loaded by run.sh): bareme_score's JIT batches, and bareme_eval split over parallel workers.
\set ON_ERROR_STOP 1
SELECT plan(13);
SELECT bareme_load('flex', (SELECT value FROM t_config WHERE key = 'dir') || '/files/flexitanie_brief.bareme') IS NOT NULL AS loaded \gset
CREATE TEMP TABLE times (what text PRIMARY KEY, seconds float8);
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS SETOF text LANGUAGE plpgsql AS
  $$ BEGIN RETURN QUERY EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ' || q; END $$;
CREATE FUNCTION pg_temp.timed(what text, q text) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE t0 timestamptz := clock_timestamp();
  BEGIN EXECUTE q; INSERT INTO times VALUES (what, extract(epoch FROM clock_timestamp() - t0)); END $$;

-- Batches: one SPI cursor, 65536 rows a batch, each scored by the JIT (bareme.threads, every core).
SELECT pg_temp.timed('batch, CREATE TABLE AS', $$CREATE TABLE batch_scores AS
  SELECT * FROM bareme_score('flex', 'SELECT * FROM applications ORDER BY id')$$);
SELECT is((SELECT count(*) FROM batch_scores), 1000000::bigint, 'bareme_score: one row per application');
SELECT is((SELECT count(*) FROM batch_scores WHERE key::bigint <> row_number), 0::bigint,
          'rows come back in the query''s order, keyed by its first column');
SELECT set_eq($$SELECT row_number, eligible, amount, failed, error IS NOT NULL FROM batch_scores$$,
              $$SELECT row_number, eligible, amount, failed, error IS NOT NULL FROM cli_scores$$,
              'bareme_score equals `bareme score` on every row (EXCEPT both ways)');

-- Parallel: a PARALLEL SAFE per-row function; each worker loads the scheme once.
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT ok((SELECT count(*) FROM pg_temp.plan_of($$SELECT count(*) FROM applications a
             WHERE (bareme_eval('flex', to_jsonb(a) - 'id')->>'eligible')::boolean AND id % 10 = 0$$) AS line
           WHERE line ~ 'Workers Launched: [2-9]') = 1,
          'EXPLAIN ANALYZE: a Gather with 2 workers launched runs bareme_eval');
SELECT pg_temp.timed('parallel, count(*) of the eligible', $$SELECT count(*) FROM applications a
  WHERE (bareme_eval('flex', to_jsonb(a) - 'id')->>'eligible')::boolean$$);
SELECT pg_temp.timed('parallel, CREATE TABLE AS', $$CREATE TABLE parallel_scores AS
  SELECT id, bareme_eval('flex', to_jsonb(a) - 'id') AS r FROM applications a$$);
SELECT ok((SELECT count(*) FROM pg_temp.plan_of($$CREATE TABLE plan_check AS
             SELECT id, bareme_eval('flex', to_jsonb(a) - 'id') AS r FROM applications a WHERE id % 100 = 0$$) AS line
           WHERE line ~ 'Gather|Workers Launched: [2-9]') = 2,
          'the CREATE TABLE AS that scored them runs under a Gather with 2 workers');
SELECT is((SELECT count(*) FROM parallel_scores), 1000000::bigint, 'bareme_eval in parallel: every application');
SELECT set_eq($$SELECT id, (r->>'eligible')::boolean, (r->>'amount')::numeric,
                       NULLIF((SELECT string_agg(f->>'condition', '|' ORDER BY n) FROM jsonb_array_elements(r->'failed')
                               WITH ORDINALITY AS x(f, n)), ''),
                       jsonb_array_length(r->'errors') > 0
                FROM parallel_scores$$,
              $$SELECT row_number, eligible, amount, failed, error IS NOT NULL FROM cli_scores$$,
              'bareme_eval in parallel equals `bareme score` on every row');
SELECT cmp_ok((SELECT count(*) FROM cli_scores WHERE error IS NOT NULL), '>', 1000::bigint,
              'the comparison covers undetermined rows');
SELECT cmp_ok((SELECT count(*) FROM cli_scores c JOIN applications a ON a.id = c.row_number
               WHERE a.filed_on IS NULL AND c.error IS NULL AND NOT c.eligible), '>', 1000::bigint,
              'and rows without filed_on decided not eligible without it (docs/semantics.md §3.12)');
-- The parallel aggregate: each worker scores its rows in JIT batches, only totals travel.
SELECT ok((SELECT count(*) FROM pg_temp.plan_of($$SELECT bareme_summary('flex', to_jsonb(a) - 'id') FROM applications a$$) AS line
           WHERE line ~ 'Partial Aggregate|Workers Launched: [2-9]') = 2,
          'EXPLAIN ANALYZE: bareme_summary runs as a Partial Aggregate under a Gather with 2 workers launched');
SELECT pg_temp.timed('parallel aggregate bareme_summary', $$CREATE TABLE summary AS
  SELECT bareme_summary('flex', to_jsonb(a) - 'id') AS s FROM applications a$$);
SELECT is((SELECT s FROM summary),
          (SELECT jsonb_build_object('rows', count(*), 'eligible', count(*) FILTER (WHERE eligible),
                                     'undetermined', count(*) FILTER (WHERE error IS NOT NULL), 'amount', sum(amount))
           FROM cli_scores),
          'bareme_summary in parallel equals the totals of `bareme score`');
SELECT results_eq($$SELECT site_region, bareme_summary('flex', to_jsonb(a) - 'id') FROM applications a
                    WHERE id % 10 = 0 GROUP BY 1 ORDER BY 1$$,
                  $$SELECT a.site_region, jsonb_build_object('rows', count(*), 'eligible', count(*) FILTER (WHERE b.eligible),
                           'undetermined', count(*) FILTER (WHERE b.error IS NOT NULL), 'amount', sum(b.amount))
                    FROM applications a JOIN cli_scores b ON b.row_number = a.id
                    WHERE a.id % 10 = 0 GROUP BY 1 ORDER BY 1$$,
                  'bareme_summary per group equals the grouped totals of `bareme score`');
-- The documentation's example (docs/scale-out.md): per-region totals with LATERAL, on every 10th row.
SELECT results_eq($$SELECT a.site_region, count(*) FILTER (WHERE (r->>'eligible')::boolean), sum((r->>'amount')::numeric)
                    FROM applications a, LATERAL bareme_eval('flex', to_jsonb(a) - 'id') AS r
                    WHERE a.id % 10 = 0 GROUP BY a.site_region ORDER BY a.site_region$$,
                  $$SELECT a.site_region, count(*) FILTER (WHERE b.eligible), sum(b.amount)
                    FROM applications a JOIN batch_scores b ON b.row_number = a.id
                    WHERE a.id % 10 = 0 GROUP BY a.site_region ORDER BY a.site_region$$,
                  'per-region totals through LATERAL bareme_eval equal those of bareme_score');
SELECT diag(format('%s: %s s, %s rows/s on 1 M rows', what, round(seconds::numeric, 2), round(1000000 / seconds)))
  FROM times ORDER BY what;
SELECT * FROM finish();
DROP TABLE batch_scores, parallel_scores, summary;
SELECT bareme_unload('flex') AS unloaded \gset
