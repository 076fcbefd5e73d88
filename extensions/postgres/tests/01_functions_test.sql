-- bareme_load / eval / explain / missing / describe / the cache, compared with what the command
-- line prints for the same applications (run.sh stored it in t_config).
\set ON_ERROR_STOP 1
BEGIN;
SELECT plan(18);
CREATE TEMP TABLE cfg AS SELECT key, value FROM t_config;
CREATE FUNCTION pg_temp.cfg(k text) RETURNS text LANGUAGE sql AS $$ SELECT value FROM cfg WHERE key = k $$;

SELECT is(bareme_load('flex', pg_temp.cfg('dir') || '/files/flexitanie_brief.bareme')->>'name', 'flexitanie',
          'bareme_load compiles the brief''s Flexitanie and returns its description');
SELECT is(jsonb_array_length(bareme_describe('flex')->'inputs'), 6, 'bareme_describe lists its 6 inputs');
SELECT is((SELECT path FROM bareme_schemes WHERE name = 'flex'), pg_temp.cfg('dir') || '/files/flexitanie_brief.bareme',
          'the scheme is registered in bareme_schemes');
SELECT is(bareme_eval('flex', pg_temp.cfg('app')::jsonb), pg_temp.cfg('eval')::jsonb,
          'bareme_eval equals `bareme eval`');
SELECT is(bareme_eval('flex', pg_temp.cfg('app')::jsonb)->>'amount', '7500.00', 'eligible for 7500.00');
SELECT is(bareme_explain('flex', pg_temp.cfg('app')::jsonb), pg_temp.cfg('explain')::jsonb,
          'bareme_explain equals `bareme explain --format json`');
SELECT is(bareme_missing('flex', pg_temp.cfg('partial')::jsonb), pg_temp.cfg('missing')::jsonb,
          'bareme_missing equals `bareme eval --missing`');
SELECT is(bareme_missing('flex', pg_temp.cfg('partial')::jsonb)->'missing'->0->>'input', 'v1g_stations',
          'the first input to ask for is v1g_stations');
SELECT is(bareme_eval('flex', jsonb_set(pg_temp.cfg('app')::jsonb, '{filed_on}', 'null'))->'errors'->0->>'code',
          'MissingInput', 'a JSON null member is an unset input: the result is undetermined');
SELECT is(bareme_eval('flex', NULL), NULL, 'STRICT: a NULL application gives NULL');
-- A bundled scheme importing the stdlib (found in a parent folder of the scheme).
SELECT is(bareme_load('flexitanie', pg_temp.cfg('dir') || '/files/schemes/flexitanie.bareme')->>'name', 'flexitanie',
          'bareme_load compiles schemes/flexitanie.bareme with its imports');
SELECT is(bareme_eval('flexitanie', pg_temp.cfg('bundled_app')::jsonb), pg_temp.cfg('bundled_eval')::jsonb,
          'bareme_eval on the bundled scheme equals `bareme eval`');
-- The cache: one load per process; a changed file or a new registration is loaded again.
SELECT lo_from_bytea(0, convert_to(pg_read_file(pg_temp.cfg('dir') || '/files/flexitanie_brief.bareme'), 'UTF8')) AS lo1 \gset
SELECT lo_export(:lo1, pg_temp.cfg('dir') || '/out/changing.bareme') \gset
SELECT bareme_load('changing', pg_temp.cfg('dir') || '/out/changing.bareme') IS NOT NULL AS loaded \gset
SELECT bareme_eval('changing', pg_temp.cfg('app')::jsonb) IS NOT NULL AS evaluated \gset
SELECT is((SELECT loads FROM bareme_cached() WHERE name = 'changing'), 1, 'loaded once for two statements');
SELECT lo_from_bytea(0, convert_to(replace(pg_read_file(pg_temp.cfg('dir') || '/files/flexitanie_brief.bareme'),
                                          '3000 €', '30000 €'), 'UTF8')) AS lo2 \gset
SELECT lo_export(:lo2, pg_temp.cfg('dir') || '/out/changing.bareme') \gset
SELECT is(bareme_eval('changing', pg_temp.cfg('app')::jsonb)->>'amount', '61500.00',
          'a changed file is loaded again by the next statement');
SELECT is((SELECT loads FROM bareme_cached() WHERE name = 'changing'), 2, 'the second load is counted');
SELECT bareme_load('changing', pg_temp.cfg('dir') || '/files/flexitanie_brief.bareme') IS NOT NULL AS reloaded \gset
SELECT is(bareme_eval('changing', pg_temp.cfg('app')::jsonb)->>'amount', '7500.00',
          're-registering a name to another file takes effect');
SELECT ok(bareme_unload('changing'), 'bareme_unload removes a registration');
SELECT throws_ok($$SELECT bareme_eval('changing', '{}')$$, '42704', NULL, 'an unloaded scheme is unknown');
SELECT * FROM finish();
ROLLBACK;
