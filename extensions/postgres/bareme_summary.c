/* bareme_summary(scheme, app): a parallel aggregate that buffers its group's applications and
 * scores them in JIT batches (bareme_score_text) inside each worker, keeping only the totals. */
#include "bareme_pg.h"

#include <stdlib.h>
#include <string.h>

#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#define SUMMARY_BATCH 65536

typedef struct Summary {
  char name[NAMEDATALEN * 2];
  int64 rows, eligible, errors, amount_cents;
  StringInfoData buffer; /* JSON Lines not scored yet */
  int64 buffered;
} Summary;

static Summary* summary_new(MemoryContext context, const char* name) {
  Summary* s = MemoryContextAllocZero(context, sizeof(Summary));
  MemoryContext old = MemoryContextSwitchTo(context);
  strlcpy(s->name, name, sizeof s->name);
  initStringInfo(&s->buffer);
  MemoryContextSwitchTo(old);
  return s;
}

/* Reads "7500.00" as cents; false when it is not such a number. */
static bool parse_cents(const char* p, int64* cents) {
  bool negative = (*p == '-');
  int64 whole = 0, frac = 0;
  int digits = 0;
  if (negative) p++;
  if (*p < '0' || *p > '9') return false;
  while (*p >= '0' && *p <= '9') whole = whole * 10 + (*p++ - '0');
  if (*p == '.') {
    for (p++; *p >= '0' && *p <= '9'; p++, digits++)
      if (digits < 2) frac = frac * 10 + (*p - '0');
    if (digits > 2) return false;
  }
  while (digits++ < 2) frac *= 10;
  *cents = (whole * 100 + frac) * (negative ? -1 : 1);
  return true;
}

/* One output line of bareme_score_text in JSON Lines: `{"row": N, "eligible": B, "amount": A, …`
 * for a decided row, `{"row": N, "error": …` for one that could not be decided. */
static void count_line(Summary* s, const char* line) {
  const char* p = strstr(line, "\"row\": ");
  int64 cents;
  s->rows++;
  if (p) p = strchr(p, ',');
  if (!p || strncmp(p, ", \"eligible\": ", 14) != 0) {
    s->errors++;
    return;
  }
  p += 14;
  if (strncmp(p, "true", 4) == 0) s->eligible++;
  p = strstr(p, ", \"amount\": ");
  if (!p || !parse_cents(p + 12, &cents))
    ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                    errmsg("bareme: an unexpected result line: %.200s", line)));
  s->amount_cents += cents;
}

/* Scores the buffered applications with the JIT (one thread: PostgreSQL's workers are the
 * parallelism) and adds them to the totals. */
static void flush(FunctionCallInfo fcinfo, Summary* s) {
  bareme_scheme* scheme;
  bareme_options options;
  char* out = NULL;
  size_t length = 0;
  bareme_error* error = NULL;
  if (s->buffered == 0) return;
  scheme = scheme_named(fcinfo, s->name);
  memset(&options, 0, sizeof options);
  options.threads = 1;
  if (bareme_score_text(scheme, "jsonl", s->buffer.data, (size_t)s->buffer.len, &options, &out,
                        &length, &error) != BAREME_OK)
    raise_bareme_error(error, "scoring with", s->name);
  PG_TRY();
  {
    char* line = out;
    char* end = out + length;
    while (line < end) {
      char* eol = memchr(line, '\n', end - line);
      if (eol) *eol = '\0';
      count_line(s, line);
      line = eol ? eol + 1 : end;
    }
  }
  PG_FINALLY();
  { bareme_free(out); }
  PG_END_TRY();
  resetStringInfo(&s->buffer);
  s->buffered = 0;
}

static MemoryContext agg_context(FunctionCallInfo fcinfo) {
  MemoryContext context;
  if (!AggCheckCallContext(fcinfo, &context))
    elog(ERROR, "bareme: bareme_summary called outside an aggregate");
  return context;
}

PG_FUNCTION_INFO_V1(bareme_pg_summary_add);
Datum bareme_pg_summary_add(PG_FUNCTION_ARGS) {
  MemoryContext context = agg_context(fcinfo);
  Summary* s = PG_ARGISNULL(0) ? NULL : (Summary*)PG_GETARG_POINTER(0);
  Jsonb* app;
  MemoryContext old;
  if (PG_ARGISNULL(1))
    ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                    errmsg("bareme: the scheme name must not be NULL")));
  if (PG_ARGISNULL(2)) { /* no application: not counted, as count(x) skips NULLs */
    if (s) PG_RETURN_POINTER(s);
    PG_RETURN_NULL();
  }
  if (!s) s = summary_new(context, text_to_cstring(PG_GETARG_TEXT_PP(1)));
  app = DatumGetJsonbP(DirectFunctionCall1(jsonb_strip_nulls, PG_GETARG_DATUM(2)));
  old = MemoryContextSwitchTo(context);
  (void)JsonbToCString(&s->buffer, &app->root, VARSIZE(app));
  appendStringInfoChar(&s->buffer, '\n');
  MemoryContextSwitchTo(old);
  if (++s->buffered >= SUMMARY_BATCH) flush(fcinfo, s);
  PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(bareme_pg_summary_combine);
Datum bareme_pg_summary_combine(PG_FUNCTION_ARGS) {
  MemoryContext context = agg_context(fcinfo);
  Summary* a = PG_ARGISNULL(0) ? NULL : (Summary*)PG_GETARG_POINTER(0);
  Summary* b = PG_ARGISNULL(1) ? NULL : (Summary*)PG_GETARG_POINTER(1);
  if (!b) {
    if (a) PG_RETURN_POINTER(a);
    PG_RETURN_NULL();
  }
  flush(fcinfo, b);
  if (!a) a = summary_new(context, b->name);
  a->rows += b->rows;
  a->eligible += b->eligible;
  a->errors += b->errors;
  a->amount_cents += b->amount_cents;
  PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(bareme_pg_summary_serialize);
Datum bareme_pg_summary_serialize(PG_FUNCTION_ARGS) {
  Summary* s = (Summary*)PG_GETARG_POINTER(0);
  StringInfoData out;
  flush(fcinfo, s); /* each worker scores its own rows */
  pq_begintypsend(&out);
  pq_sendstring(&out, s->name);
  pq_sendint64(&out, s->rows);
  pq_sendint64(&out, s->eligible);
  pq_sendint64(&out, s->errors);
  pq_sendint64(&out, s->amount_cents);
  PG_RETURN_BYTEA_P(pq_endtypsend(&out));
}

PG_FUNCTION_INFO_V1(bareme_pg_summary_deserialize);
Datum bareme_pg_summary_deserialize(PG_FUNCTION_ARGS) {
  MemoryContext context = agg_context(fcinfo);
  bytea* in = PG_GETARG_BYTEA_PP(0);
  StringInfoData buf;
  Summary* s;
  initStringInfo(&buf);
  appendBinaryStringInfo(&buf, VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in));
  s = summary_new(context, pq_getmsgstring(&buf));
  s->rows = pq_getmsgint64(&buf);
  s->eligible = pq_getmsgint64(&buf);
  s->errors = pq_getmsgint64(&buf);
  s->amount_cents = pq_getmsgint64(&buf);
  pq_getmsgend(&buf);
  PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(bareme_pg_summary_final);
Datum bareme_pg_summary_final(PG_FUNCTION_ARGS) {
  Summary* s = PG_ARGISNULL(0) ? NULL : (Summary*)PG_GETARG_POINTER(0);
  int64 rows = 0, eligible = 0, errors = 0, cents = 0;
  uint64 magnitude;
  if (s) {
    flush(fcinfo, s);
    rows = s->rows;
    eligible = s->eligible;
    errors = s->errors;
    cents = s->amount_cents;
  }
  magnitude = cents < 0 ? (uint64)(-cents) : (uint64)cents;
  PG_RETURN_DATUM(DirectFunctionCall1(
      jsonb_in,
      CStringGetDatum(psprintf(
          "{\"rows\": " INT64_FORMAT ", \"eligible\": " INT64_FORMAT
          ", \"undetermined\": " INT64_FORMAT ", \"amount\": %s" UINT64_FORMAT ".%02d}",
          rows, eligible, errors, cents < 0 ? "-" : "", magnitude / 100, (int)(magnitude % 100)))));
}
