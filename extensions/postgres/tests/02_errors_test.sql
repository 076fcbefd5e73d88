-- Every bad input raises a clean PostgreSQL error with its SQLSTATE, and the backend survives.
\set ON_ERROR_STOP 1
BEGIN;
SELECT plan(29);
CREATE TEMP TABLE cfg AS SELECT key, value FROM t_config;
CREATE TEMP TABLE me AS SELECT pg_backend_pid() AS pid;
CREATE FUNCTION pg_temp.f(name text) RETURNS text LANGUAGE sql AS
  $$ SELECT (SELECT value FROM cfg WHERE key = 'dir') || '/files/' || name $$;
SELECT bareme_load('flex', pg_temp.f('flexitanie_brief.bareme')) IS NOT NULL AS loaded \gset

SELECT throws_ok(format('SELECT bareme_load(%L, %L)', 'broken', pg_temp.f('broken.bareme')), '42P17', NULL,
                 'a scheme that does not compile: invalid_object_definition');
SELECT throws_like(format('SELECT bareme_load(%L, %L)', 'broken', pg_temp.f('broken.bareme')), '%does not compile%',
                   'its message says it does not compile');
SELECT throws_ok(format('SELECT bareme_load(%L, %L)', 'nofile', pg_temp.f('no_such.bareme')), '58P01', NULL,
                 'a missing file: undefined_file');
SELECT throws_ok(format('SELECT bareme_load(%L, %L)', 'secret', pg_temp.f('secret.bareme')), '42501', NULL,
                 'a file postgres may not read: insufficient_privilege');
SELECT throws_like(format('SELECT bareme_load(%L, %L)', 'secret', pg_temp.f('secret.bareme')), '%permission denied%',
                   'its message says permission denied');
SELECT throws_ok(format('SELECT bareme_load(%L, %L)', 'dir', pg_temp.f('schemes')), '58P01', NULL,
                 'a folder: undefined_file');
SELECT throws_ok($$SELECT bareme_load('rel', 'schemes/flexitanie.bareme')$$, '22023', NULL,
                 'a relative path: invalid_parameter_value');
SELECT throws_ok(format('SELECT bareme_load(NULL, %L)', pg_temp.f('flexitanie_brief.bareme')), '22004', NULL,
                 'a NULL name: null_value_not_allowed');
SELECT throws_ok($$SELECT bareme_load('x', NULL)$$, '22004', NULL, 'a NULL path: null_value_not_allowed');
SELECT throws_ok(format('SELECT bareme_load(%L, %L)', '', pg_temp.f('flexitanie_brief.bareme')), '22023', NULL,
                 'an empty name: invalid_parameter_value');
SELECT throws_ok($$SELECT bareme_eval('nope', '{}')$$, '42704', NULL, 'an unknown scheme: undefined_object');
SELECT throws_ok($$SELECT bareme_explain('nope', '{}')$$, '42704', NULL, 'explain with an unknown scheme');
SELECT throws_ok($$SELECT bareme_eval('flex', '[1, 2]')$$, '22023', NULL, 'JSON that is not an object');
SELECT throws_ok($$SELECT bareme_eval('flex', '{"v2g_stations": "many"}')$$, '22023', NULL,
                 'a value of the wrong type: invalid_parameter_value');
SELECT throws_like($$SELECT bareme_eval('flex', '{"v2g_stations": "many"}')$$, '%$.v2g_stations%',
                   'its message names the member');
SELECT throws_ok($$SELECT bareme_missing('flex', '{"filed_on": "2022-13-45"}')$$, '22023', NULL, 'a bad date');
SELECT throws_ok($$SELECT bareme_eval('flex', '{bad')$$, '22P02', NULL, 'text that is not JSON: the jsonb cast');
SELECT throws_ok($$SELECT * FROM bareme_score('flex', 'SELEC * FROM applications')$$, '42601', NULL,
                 'a malformed query: syntax_error');
SELECT throws_ok($$SELECT * FROM bareme_score('flex', 'SELECT * FROM no_such_table')$$, '42P01', NULL,
                 'a query on a missing table: undefined_table');
SELECT throws_ok($$SELECT * FROM bareme_score('flex', 'SELECT 1; SELECT 2')$$, '42809', NULL,
                 'two statements: wrong_object_type');
SELECT throws_ok($$SELECT * FROM bareme_score('flex', 'WITH d AS (DELETE FROM applications RETURNING *) SELECT * FROM d')$$,
                 '0A000', NULL, 'a query that writes is refused (read-only cursor)');
SELECT throws_ok($$SELECT * FROM bareme_score('flex', NULL)$$, '22004', NULL, 'a NULL query');
SELECT throws_ok($$SELECT * FROM bareme_score('nope', 'SELECT 1')$$, '42704', NULL, 'bareme_score, unknown scheme');
SELECT throws_ok($$SELECT * FROM bareme_score('flex', 'SELECT 1', 0)$$, '22023', NULL, 'batch_rows 0');
-- A user who is not a superuser evaluates registered schemes but may not read server files
-- (what the role gets is collected under SET ROLE, checked after RESET ROLE: pgTAP's tables are ours).
CREATE ROLE bareme_clerk;
CREATE FUNCTION public.bareme_test_sqlstate(q text) RETURNS text LANGUAGE plpgsql AS
  $$ BEGIN EXECUTE q; RETURN 'no error'; EXCEPTION WHEN OTHERS THEN RETURN SQLSTATE; END $$;
SELECT pg_temp.f('flexitanie_brief.bareme') AS brief \gset
SET ROLE bareme_clerk;
SELECT bareme_eval('flex', '{"v2g_stations": 1}')->>'scheme' AS clerk_eval \gset
SELECT public.bareme_test_sqlstate(format('SELECT bareme_load(%L, %L)', 'mine', :'brief')) AS clerk_load \gset
RESET ROLE;
GRANT pg_read_server_files TO bareme_clerk;
SET ROLE bareme_clerk;
SELECT public.bareme_test_sqlstate(format('SELECT bareme_load(%L, %L)', 'flex2', :'brief')) AS reader_load \gset
RESET ROLE;
SELECT is(:'clerk_eval'::text, 'flexitanie', 'any user evaluates a registered scheme');
SELECT is(:'clerk_load'::text, '42501', 'a user outside pg_read_server_files may not load a file');
SELECT is(:'reader_load'::text, 'no error', 'a member of pg_read_server_files loads a scheme');
-- The same backend, alive and working after all of them.
SELECT is(bareme_eval('flex', (SELECT value::jsonb FROM cfg WHERE key = 'app'))->>'amount', '7500.00',
          'the backend survives every error: same process, still evaluating');
SELECT is((SELECT pid FROM me), pg_backend_pid(), 'same backend process');
SELECT * FROM finish();
ROLLBACK;
