/* bareme_score(scheme, query): a query's rows fetched through an SPI cursor in batches, each batch
 * scored by libbareme's JIT as CSV (bareme_score_text), one result row per input row. */
#include "bareme_pg.h"

#include <string.h>

#include "catalog/pg_type_d.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "access/htup_details.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/tuplestore.h"

enum { COL_ROW, COL_KEY, COL_ELIGIBLE, COL_AMOUNT, COL_FAILED, COL_ERROR, COL_OUTPUTS, COLS };

/* Reads one CSV record (RFC 4180, as `bareme score` writes it) at *p into palloc'd unquoted
 * fields, at most `max` kept; returns the number of fields and moves *p past the record. */
static int csv_record(const char** p, const char* end, char** fields, int max) {
  const char* s = *p;
  int n = 0;
  for (;;) {
    StringInfoData f;
    initStringInfo(&f);
    if (s < end && *s == '"') {
      for (s++; s < end; s++) {
        if (*s == '"') {
          if (s + 1 < end && s[1] == '"') {
            s++;
          } else {
            s++;
            break;
          }
        }
        appendStringInfoChar(&f, *s);
      }
    } else {
      const char* b = s;
      while (s < end && *s != ',' && *s != '\n' && *s != '\r') s++;
      appendBinaryStringInfo(&f, b, (int)(s - b));
    }
    if (n < max) fields[n] = f.data;
    n++;
    if (s < end && *s == ',') {
      s++;
      continue;
    }
    if (s < end && *s == '\r') s++;
    if (s < end && *s == '\n') s++;
    break;
  }
  *p = s;
  return n;
}

/* A cell as a JSON value: a number or a boolean as itself, empty as null, else a string. */
static void json_cell(StringInfo out, const char* cell) {
  char* rest = NULL;
  if (cell[0] == '\0') {
    appendStringInfoString(out, "null");
  } else if (strcmp(cell, "true") == 0 || strcmp(cell, "false") == 0) {
    appendStringInfoString(out, cell);
  } else if ((cell[0] == '-' || (cell[0] >= '0' && cell[0] <= '9')) &&
             (strtod(cell, &rest), *rest == '\0')) {
    appendStringInfoString(out, cell);
  } else {
    escape_json(out, cell);
  }
}

#define MAX_FIELDS 1024

/* The output rows of one batch (CSV with its header) into the tuplestore. */
static void store_batch(ReturnSetInfo* rsinfo, const char* out, size_t length, char** keys,
                        uint64 rows, int64 first_row) {
  const char* p = out;
  const char* end = out + length;
  char** header = palloc(MAX_FIELDS * sizeof(char*));
  char** fields = palloc(MAX_FIELDS * sizeof(char*));
  int columns = csv_record(&p, end, header, MAX_FIELDS);
  int where[COLS];
  bool is_output[MAX_FIELDS];
  bool any_output = false;
  MemoryContext row_context, outer;
  uint64 i;
  int c;
  if (columns > MAX_FIELDS) elog(ERROR, "bareme: more than %d result columns", MAX_FIELDS);
  for (c = 0; c < COLS; c++) where[c] = -1;
  for (c = 0; c < columns; c++) {
    is_output[c] = false;
    if (strcmp(header[c], "eligible") == 0)
      where[COL_ELIGIBLE] = c;
    else if (strcmp(header[c], "amount") == 0)
      where[COL_AMOUNT] = c;
    else if (strcmp(header[c], "failed") == 0)
      where[COL_FAILED] = c;
    else if (strcmp(header[c], "error") == 0)
      where[COL_ERROR] = c;
    else if (strcmp(header[c], "row") != 0)
      is_output[c] = any_output = true;
  }
  row_context =
      AllocSetContextCreate(CurrentMemoryContext, "bareme_score row", ALLOCSET_SMALL_SIZES);
  outer = MemoryContextSwitchTo(row_context);
  for (i = 0; i < rows; i++) {
    Datum values[COLS];
    bool nulls[COLS];
    int n;
    if (p >= end)
      ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                      errmsg("bareme: a batch of %llu rows gave fewer result rows",
                             (unsigned long long)rows)));
    n = csv_record(&p, end, fields, MAX_FIELDS);
    for (c = n; c < columns; c++) fields[c] = "";
    for (c = 0; c < COLS; c++) nulls[c] = true;
    values[COL_ROW] = Int64GetDatum(first_row + (int64)i);
    nulls[COL_ROW] = false;
    if (keys[i]) {
      values[COL_KEY] = CStringGetTextDatum(keys[i]);
      nulls[COL_KEY] = false;
    }
    if (where[COL_ELIGIBLE] >= 0 && fields[where[COL_ELIGIBLE]][0]) {
      values[COL_ELIGIBLE] = BoolGetDatum(strcmp(fields[where[COL_ELIGIBLE]], "true") == 0);
      nulls[COL_ELIGIBLE] = false;
    }
    if (where[COL_AMOUNT] >= 0 && fields[where[COL_AMOUNT]][0]) {
      values[COL_AMOUNT] =
          DirectFunctionCall3(numeric_in, CStringGetDatum(fields[where[COL_AMOUNT]]),
                              ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
      nulls[COL_AMOUNT] = false;
    }
    for (c = COL_FAILED; c <= COL_ERROR; c++)
      if (where[c] >= 0 && fields[where[c]][0]) {
        values[c] = CStringGetTextDatum(fields[where[c]]);
        nulls[c] = false;
      }
    if (any_output) {
      StringInfoData json;
      bool first = true;
      initStringInfo(&json);
      appendStringInfoChar(&json, '{');
      for (c = 0; c < columns; c++)
        if (is_output[c]) {
          if (!first) appendStringInfoChar(&json, ',');
          first = false;
          escape_json(&json, header[c]);
          appendStringInfoChar(&json, ':');
          json_cell(&json, fields[c]);
        }
      appendStringInfoChar(&json, '}');
      values[COL_OUTPUTS] = DirectFunctionCall1(jsonb_in, CStringGetDatum(json.data));
      nulls[COL_OUTPUTS] = false;
    }
    tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    MemoryContextReset(row_context);
  }
  MemoryContextSwitchTo(outer);
  MemoryContextDelete(row_context);
}

/* Scores one batch of JSON Lines and stores its rows; the library's output is freed on error. */
static void score_batch(bareme_scheme* scheme, const char* name, ReturnSetInfo* rsinfo,
                        StringInfo batch, char** keys, uint64 rows, int64 first_row) {
  bareme_options options;
  char* out = NULL;
  size_t out_length = 0;
  bareme_error* error = NULL;
  memset(&options, 0, sizeof options);
  options.threads = (uint32_t)bareme_threads;
  if (bareme_score_text(scheme, "csv", batch->data, (size_t)batch->len, &options, &out, &out_length,
                        &error) != BAREME_OK)
    raise_bareme_error(error, "scoring with", name);
  PG_TRY();
  { store_batch(rsinfo, out, out_length, keys, rows, first_row); }
  PG_FINALLY();
  { bareme_free(out); }
  PG_END_TRY();
}

/* A CSV cell: quoted when it holds a comma, a quote or a line break. */
static void csv_cell(StringInfo out, const char* cell) {
  const char* c;
  if (strpbrk(cell, ",\"\r\n") == NULL) {
    appendStringInfoString(out, cell);
    return;
  }
  appendStringInfoChar(out, '"');
  for (c = cell; *c; c++) {
    if (*c == '"') appendStringInfoChar(out, '"');
    appendStringInfoChar(out, *c);
  }
  appendStringInfoChar(out, '"');
}

/* How each column of the query becomes CSV text: its output function, except booleans (true /
 * false) and dates (ISO, whatever DateStyle says). */
typedef struct ColumnOut {
  Oid type;
  FmgrInfo out;
} ColumnOut;

static void csv_value(StringInfo out, const ColumnOut* col, Datum value) {
  if (col->type == BOOLOID) {
    appendStringInfoString(out, DatumGetBool(value) ? "true" : "false");
  } else if (col->type == DATEOID) {
    DateADT d = DatumGetDateADT(value);
    struct pg_tm tm;
    char buf[MAXDATELEN + 1];
    if (DATE_NOT_FINITE(d))
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                      errmsg("bareme: an infinite date cannot be scored")));
    j2date(d + POSTGRES_EPOCH_JDATE, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    EncodeDateOnly(&tm, USE_ISO_DATES, buf);
    appendStringInfoString(out, buf);
  } else {
    csv_cell(out, OutputFunctionCall((FmgrInfo*)&col->out, value));
  }
}

PG_FUNCTION_INFO_V1(bareme_pg_score);
Datum bareme_pg_score(PG_FUNCTION_ARGS) {
  char* name = text_arg(fcinfo, 0, "the scheme name");
  char* query = text_arg(fcinfo, 1, "the query");
  int batch_rows = PG_ARGISNULL(2) ? 0 : PG_GETARG_INT32(2);
  ReturnSetInfo* rsinfo = (ReturnSetInfo*)fcinfo->resultinfo;
  MemoryContext batch_context;
  MemoryContext outer;
  bareme_scheme* scheme;
  SPIPlanPtr plan;
  Portal portal;
  ColumnOut* columns = NULL;
  StringInfoData header;
  int natts = 0;
  int64 done = 0;
  if (batch_rows < 1)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("bareme: batch_rows must be at least 1"),
                    errhint("The default, 65536 rows, suits most tables.")));
  InitMaterializedSRF(fcinfo, 0);
  if (rsinfo->setDesc->natts != COLS)
    elog(ERROR, "bareme: bareme_score is declared with %d columns, not %d: reinstall the extension",
         rsinfo->setDesc->natts, COLS);
  scheme = scheme_named(fcinfo, name);
  outer = CurrentMemoryContext;
  batch_context = AllocSetContextCreate(outer, "bareme_score batch", ALLOCSET_DEFAULT_SIZES);
  initStringInfo(&header);
  SPI_connect();
  /* The query runs as written, through a read-only cursor: one SELECT (or VALUES, TABLE). */
  plan = SPI_prepare(query, 0, NULL);
  if (!plan)
    ereport(ERROR,
            (errcode(ERRCODE_SYNTAX_ERROR),
             errmsg("bareme: the query cannot be prepared: %s", SPI_result_code_string(SPI_result)),
             errhint("Give one SELECT statement, e.g. 'SELECT * FROM applications'.")));
  if (!SPI_is_cursor_plan(plan))
    ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
                    errmsg("bareme: the query is not one SELECT returning rows"),
                    errhint("Give one SELECT statement, e.g. 'SELECT * FROM applications'.")));
  portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
  for (;;) {
    uint64 n, i;
    StringInfoData batch;
    char** keys;
    MemoryContext old;
    TupleDesc desc;
    int a;
    SPI_cursor_fetch(portal, true, batch_rows);
    n = SPI_processed;
    if (n == 0) break;
    desc = SPI_tuptable->tupdesc;
    if (!columns) {
      /* The header: the query's column names, which name the scheme's inputs. */
      natts = desc->natts;
      columns = MemoryContextAlloc(outer, sizeof(ColumnOut) * (natts > 0 ? natts : 1));
      for (a = 0; a < natts; a++) {
        Oid fn;
        bool varlena;
        Form_pg_attribute att = TupleDescAttr(desc, a);
        columns[a].type = att->atttypid;
        getTypeOutputInfo(att->atttypid, &fn, &varlena);
        fmgr_info_cxt(fn, &columns[a].out, outer);
        if (a > 0) appendStringInfoChar(&header, ',');
        csv_cell(&header, NameStr(att->attname));
      }
      appendStringInfoChar(&header, '\n');
    }
    MemoryContextReset(batch_context);
    old = MemoryContextSwitchTo(batch_context);
    initStringInfo(&batch);
    appendBinaryStringInfo(&batch, header.data, header.len);
    keys = palloc(n * sizeof(char*));
    for (i = 0; i < n; i++) {
      HeapTuple tuple = SPI_tuptable->vals[i];
      keys[i] = NULL;
      for (a = 0; a < natts; a++) {
        bool isnull;
        Datum value = heap_getattr(tuple, a + 1, desc, &isnull);
        int before = batch.len;
        if (a > 0) appendStringInfoChar(&batch, ',');
        if (isnull) continue;
        csv_value(&batch, &columns[a], value);
        if (a == 0) keys[i] = pnstrdup(batch.data + before, batch.len - before);
      }
      appendStringInfoChar(&batch, '\n');
    }
    SPI_freetuptable(SPI_tuptable);
    score_batch(scheme, name, rsinfo, &batch, keys, n, done + 1);
    MemoryContextSwitchTo(old);
    done += (int64)n;
    CHECK_FOR_INTERRUPTS();
  }
  SPI_cursor_close(portal);
  SPI_finish();
  MemoryContextDelete(batch_context);
  return (Datum)0;
}
