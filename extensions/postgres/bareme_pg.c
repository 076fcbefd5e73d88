/* The PostgreSQL extension bareme: schemes loaded once per backend through libbareme's C ABI,
 * evaluated on jsonb applications (parallel safe) or scored in JIT batches over a query. */
#include "bareme_pg.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "access/xact.h"
#include "catalog/pg_authid_d.h"
#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

PG_MODULE_MAGIC;

/* One cached scheme of this backend: loaded from `path`, whose identity is kept to notice a
 * changed file; `checked` is the statement start at which the table row and file were last
 * looked at (once per statement, in each process). */
typedef struct CachedScheme {
  char* name;
  char* path;
  struct stat file;
  bareme_scheme* scheme;
  TimestampTz checked;
  int loads; /* how many times this process loaded it */
  struct CachedScheme* next;
} CachedScheme;

static CachedScheme* cache = NULL;
int bareme_threads = 0;
static char* bareme_library_path = NULL;

void _PG_init(void);
void _PG_init(void) {
  DefineCustomIntVariable("bareme.threads",
                          "Threads of libbareme for one bareme_score batch (0: every core).", NULL,
                          &bareme_threads, 0, 0, 1024, PGC_USERSET, 0, NULL, NULL, NULL);
  DefineCustomStringVariable("bareme.library_path",
                             "Folders searched for a scheme's imports, ':'-separated (besides the "
                             "scheme's own folder and its parents).",
                             NULL, &bareme_library_path, "", PGC_SUSET, 0, NULL, NULL, NULL);
  MarkGUCPrefixReserved("bareme");
}

/* A library failure as a PostgreSQL error: the status picks the SQLSTATE. Frees `error`. */
void raise_bareme_error(bareme_error* error, const char* what, const char* scheme) {
  bareme_status status = bareme_error_status(error);
  char* message =
      pstrdup(bareme_error_message(error) ? bareme_error_message(error) : "unknown error");
  int code = ERRCODE_INTERNAL_ERROR;
  const char* hint = NULL;
  bareme_error_free(error);
  switch (status) {
    case BAREME_NULL_ARGUMENT:
      code = ERRCODE_NULL_VALUE_NOT_ALLOWED;
      break;
    case BAREME_IO_ERROR:
      code = ERRCODE_UNDEFINED_FILE;
      hint =
          "The file is read by the server process, as the operating-system user running "
          "PostgreSQL.";
      break;
    case BAREME_COMPILE_ERROR:
      code = ERRCODE_INVALID_OBJECT_DEFINITION;
      hint = "Run `bareme check FILE` to see the diagnostics with their context.";
      break;
    case BAREME_BAD_JSON:
      code = ERRCODE_INVALID_PARAMETER_VALUE;
      hint = "An application is a jsonb object mapping input names to values.";
      break;
    case BAREME_BAD_INPUT:
      code = ERRCODE_INVALID_PARAMETER_VALUE;
      hint = "Give each input a value of its type: bareme_describe(scheme) lists the inputs.";
      break;
    case BAREME_UNKNOWN_NAME:
      code = ERRCODE_UNDEFINED_OBJECT;
      break;
    case BAREME_BAD_COLUMN:
    case BAREME_BAD_OPTION:
      code = ERRCODE_INVALID_PARAMETER_VALUE;
      break;
    default:
      break;
  }
  ereport(ERROR, (errcode(code),
                  errmsg("bareme: %s%s%s: %s", what, scheme ? " of scheme " : "",
                         scheme ? scheme : "", message),
                  hint ? errhint("%s", hint) : 0));
}

/* Stops with a clear error unless `path` is an absolute path of a regular file this process can
 * read; on success fills `st`. */
static void check_readable(const char* path, struct stat* st) {
  int fd;
  if (path[0] != '/')
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("bareme: the scheme path \"%s\" is not absolute", path),
                    errhint("Give the absolute path of a .bareme file on the database server.")));
  fd = open(path, O_RDONLY);
  if (fd < 0) {
    int e = errno;
    if (e == EACCES)
      ereport(
          ERROR,
          (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
           errmsg("bareme: permission denied reading \"%s\"", path),
           errhint("The server reads scheme files as the operating-system user running PostgreSQL "
                   "(usually postgres): make the file and every folder above it readable by that "
                   "user.")));
    ereport(ERROR,
            (errcode(e == ENOENT || e == ENOTDIR ? ERRCODE_UNDEFINED_FILE : ERRCODE_IO_ERROR),
             errmsg("bareme: cannot open scheme file \"%s\": %s", path, strerror(e)),
             errhint("The path is read on the database server, not on the client.")));
  }
  if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
    close(fd);
    ereport(ERROR,
            (errcode(ERRCODE_UNDEFINED_FILE), errmsg("bareme: \"%s\" is not a regular file", path),
             errhint("Give the path of a .bareme file.")));
  }
  close(fd);
}

static bool same_file(const struct stat* a, const struct stat* b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static CachedScheme* cache_find(const char* name) {
  CachedScheme* c;
  for (c = cache; c; c = c->next)
    if (strcmp(c->name, name) == 0) return c;
  return NULL;
}

/* Loads `path` into the cache entry of `name` (made when missing), freeing the scheme it held. */
static CachedScheme* cache_store(const char* name, const char* path, const struct stat* st) {
  bareme_scheme* scheme = NULL;
  bareme_error* error = NULL;
  CachedScheme* c;
  if (bareme_load(path, NULL,
                  bareme_library_path && bareme_library_path[0] ? bareme_library_path : NULL,
                  &scheme, &error) != BAREME_OK)
    raise_bareme_error(error, "loading", name);
  c = cache_find(name);
  if (!c) {
    c = MemoryContextAllocZero(TopMemoryContext, sizeof(CachedScheme));
    c->name = MemoryContextStrdup(TopMemoryContext, name);
    c->next = cache;
    cache = c;
  } else {
    bareme_scheme_free(c->scheme);
    pfree(c->path);
  }
  c->scheme = scheme;
  c->loads++;
  c->path = MemoryContextStrdup(TopMemoryContext, path);
  c->file = *st;
  c->checked = GetCurrentStatementStartTimestamp();
  return c;
}

static void cache_drop(const char* name) {
  CachedScheme** p;
  for (p = &cache; *p; p = &(*p)->next)
    if (strcmp((*p)->name, name) == 0) {
      CachedScheme* c = *p;
      *p = c->next;
      bareme_scheme_free(c->scheme);
      pfree(c->name);
      pfree(c->path);
      pfree(c);
      return;
    }
}

/* The schema holding the extension's objects: that of the function being called. */
static char* table_name(FunctionCallInfo fcinfo) {
  char* schema = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));
  return psprintf("%s.bareme_schemes", quote_identifier(schema));
}

/* The registered path of `name`, or NULL. */
static char* registered_path(FunctionCallInfo fcinfo, const char* name) {
  Oid types[1] = {TEXTOID};
  Datum values[1];
  char* path = NULL;
  char* query = psprintf("SELECT path FROM %s WHERE name = $1", table_name(fcinfo));
  values[0] = CStringGetTextDatum(name);
  SPI_connect();
  if (SPI_execute_with_args(query, 1, types, values, NULL, true, 1) != SPI_OK_SELECT)
    elog(ERROR, "bareme: reading the scheme table failed");
  if (SPI_processed == 1) {
    char* text = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
    if (text) path = MemoryContextStrdup(fcinfo->flinfo->fn_mcxt, text);
  }
  SPI_finish();
  return path;
}

/* The scheme registered as `name`, loaded at most once per backend; once per statement the
 * table row and the file are looked at again and the scheme re-loaded when either changed. */
bareme_scheme* scheme_named(FunctionCallInfo fcinfo, const char* name) {
  CachedScheme* c = cache_find(name);
  TimestampTz now = GetCurrentStatementStartTimestamp();
  char* path;
  struct stat st;
  if (c && c->checked == now) return c->scheme;
  path = registered_path(fcinfo, name);
  if (!path) {
    cache_drop(name);
    ereport(ERROR,
            (errcode(ERRCODE_UNDEFINED_OBJECT),
             errmsg("bareme: no scheme is registered as \"%s\"", name),
             errhint("Register it first: SELECT bareme_load('%s', '/absolute/path/scheme.bareme');",
                     name)));
  }
  check_readable(path, &st);
  if (c && strcmp(c->path, path) == 0 && same_file(&c->file, &st)) {
    c->checked = now;
    return c->scheme;
  }
  return cache_store(name, path, &st)->scheme;
}

char* text_arg(FunctionCallInfo fcinfo, int n, const char* what) {
  if (PG_ARGISNULL(n))
    ereport(ERROR,
            (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("bareme: %s must not be NULL", what)));
  return text_to_cstring(PG_GETARG_TEXT_PP(n));
}

/* A string of the library as jsonb; the string is freed. */
static Datum jsonb_from_library(char* json) {
  char* copy = pstrdup(json);
  bareme_free(json);
  return DirectFunctionCall1(jsonb_in, CStringGetDatum(copy));
}

PG_FUNCTION_INFO_V1(bareme_pg_load);
Datum bareme_pg_load(PG_FUNCTION_ARGS) {
  char* name = text_arg(fcinfo, 0, "the scheme name");
  char* path = text_arg(fcinfo, 1, "the scheme path");
  Oid types[2] = {TEXTOID, TEXTOID};
  Datum values[2];
  struct stat st;
  CachedScheme* c;
  char* json = NULL;
  bareme_error* error = NULL;
  if (!has_privs_of_role(GetUserId(), ROLE_PG_READ_SERVER_FILES))
    ereport(
        ERROR,
        (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
         errmsg("bareme: permission denied to load a scheme file"),
         errhint(
             "Only superusers and members of pg_read_server_files may read files on the server.")));
  if (name[0] == '\0')
    ereport(ERROR,
            (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("bareme: the scheme name is empty")));
  check_readable(path, &st);
  c = cache_store(name, path, &st);
  values[0] = CStringGetTextDatum(name);
  values[1] = CStringGetTextDatum(path);
  SPI_connect();
  if (SPI_execute_with_args(
          psprintf("INSERT INTO %s (name, path) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE "
                   "SET path = EXCLUDED.path, loaded_at = now()",
                   table_name(fcinfo)),
          2, types, values, NULL, false, 0) != SPI_OK_INSERT)
    elog(ERROR, "bareme: writing the scheme table failed");
  SPI_finish();
  if (bareme_describe(c->scheme, &json, &error) != BAREME_OK)
    raise_bareme_error(error, "describing", name);
  PG_RETURN_DATUM(jsonb_from_library(json));
}

PG_FUNCTION_INFO_V1(bareme_pg_unload);
Datum bareme_pg_unload(PG_FUNCTION_ARGS) {
  char* name = text_arg(fcinfo, 0, "the scheme name");
  Oid types[1] = {TEXTOID};
  Datum values[1];
  bool found;
  values[0] = CStringGetTextDatum(name);
  SPI_connect();
  if (SPI_execute_with_args(psprintf("DELETE FROM %s WHERE name = $1", table_name(fcinfo)), 1,
                            types, values, NULL, false, 0) != SPI_OK_DELETE)
    elog(ERROR, "bareme: writing the scheme table failed");
  found = SPI_processed > 0;
  SPI_finish();
  cache_drop(name);
  PG_RETURN_BOOL(found);
}

PG_FUNCTION_INFO_V1(bareme_pg_describe);
Datum bareme_pg_describe(PG_FUNCTION_ARGS) {
  char* name = text_to_cstring(PG_GETARG_TEXT_PP(0));
  bareme_scheme* scheme = scheme_named(fcinfo, name);
  char* json = NULL;
  bareme_error* error = NULL;
  if (bareme_describe(scheme, &json, &error) != BAREME_OK)
    raise_bareme_error(error, "describing", name);
  PG_RETURN_DATUM(jsonb_from_library(json));
}

typedef bareme_status (*OneApplication)(const bareme_scheme*, const char*, const bareme_options*,
                                        char**, bareme_error**);

static Datum one_application(FunctionCallInfo fcinfo, OneApplication f, const char* what) {
  char* name = text_to_cstring(PG_GETARG_TEXT_PP(0));
  /* A SQL NULL in a member means unknown: the member is left out, the input unset. */
  Jsonb* app = DatumGetJsonbP(DirectFunctionCall1(jsonb_strip_nulls, PG_GETARG_DATUM(1)));
  char* app_text = JsonbToCString(NULL, &app->root, VARSIZE(app));
  bareme_scheme* scheme = scheme_named(fcinfo, name);
  char* json = NULL;
  bareme_error* error = NULL;
  if (f(scheme, app_text, NULL, &json, &error) != BAREME_OK) raise_bareme_error(error, what, name);
  PG_RETURN_DATUM(jsonb_from_library(json));
}

PG_FUNCTION_INFO_V1(bareme_pg_eval);
Datum bareme_pg_eval(PG_FUNCTION_ARGS) {
  return one_application(fcinfo, bareme_evaluate, "evaluating with");
}
PG_FUNCTION_INFO_V1(bareme_pg_explain);
Datum bareme_pg_explain(PG_FUNCTION_ARGS) {
  return one_application(fcinfo, bareme_explain, "explaining with");
}
PG_FUNCTION_INFO_V1(bareme_pg_missing);
Datum bareme_pg_missing(PG_FUNCTION_ARGS) {
  return one_application(fcinfo, bareme_missing, "finding the missing inputs with");
}

/* bareme_cached(): this process's cache, to see what is loaded and how often it was. */
PG_FUNCTION_INFO_V1(bareme_pg_cached);
Datum bareme_pg_cached(PG_FUNCTION_ARGS) {
  ReturnSetInfo* rsinfo = (ReturnSetInfo*)fcinfo->resultinfo;
  CachedScheme* c;
  InitMaterializedSRF(fcinfo, 0);
  for (c = cache; c; c = c->next) {
    Datum values[3];
    bool nulls[3] = {false, false, false};
    values[0] = CStringGetTextDatum(c->name);
    values[1] = CStringGetTextDatum(c->path);
    values[2] = Int32GetDatum(c->loads);
    tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
  }
  return (Datum)0;
}
