/* The C ABI's tests, in C: every error path of include/bareme/bareme.h, results equal to the
 * command line's, columns equal to JSON row by row, as_of, overrides, and concurrent evaluations
 * on one loaded scheme (run under TSan by scripts/tsan).
 * Usage: capi_test BRIEF.bareme DATED.bareme BROKEN.bareme BAREME_CLI [--concurrency-only] */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bareme/bareme.h"

static int failures = 0;
static const char* brief_path;
static const char* dated_path;
static const char* broken_path;
static const char* cli_path;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

/* Checks that `status` is `expected` and that the error carries it with a message containing
 * `part`; frees the error. */
static void expect_error(bareme_status status, bareme_error* error, bareme_status expected,
                         const char* part, int line) {
  if (status != expected) {
    fprintf(stderr, "line %d: status %d, expected %d (%s)\n", line, (int)status, (int)expected,
            error ? bareme_error_message(error) : "no error");
    ++failures;
  } else if (!error || bareme_error_status(error) != expected ||
             !strstr(bareme_error_message(error), part)) {
    fprintf(stderr, "line %d: message \"%s\" lacks \"%s\"\n", line,
            error ? bareme_error_message(error) : "(null)", part);
    ++failures;
  }
  bareme_error_free(error);
}
#define EXPECT_ERROR(call, expected, part)             \
  do {                                                 \
    bareme_error* err_ = NULL;                         \
    bareme_status st_ = call;                          \
    expect_error(st_, err_, expected, part, __LINE__); \
  } while (0)

static bareme_scheme* load_ok(const char* path) {
  bareme_scheme* s = NULL;
  bareme_error* e = NULL;
  if (bareme_load(path, NULL, NULL, &s, &e) != BAREME_OK) {
    fprintf(stderr, "cannot load %s: %s\n", path, bareme_error_message(e));
    exit(1);
  }
  return s;
}

/* The output of `bareme CMD FILE --input APP [EXTRA]`, read whole. */
static char* run_cli(const char* command, const char* scheme, const char* app_json,
                     const char* extra) {
  char app_path[] = "/tmp/capi_test_app_XXXXXX";
  int fd = mkstemp(app_path);
  if (fd < 0) return NULL;
  FILE* f = fdopen(fd, "w");
  fputs(app_json, f);
  fclose(f);
  char line[4096];
  snprintf(line, sizeof line, "'%s' %s '%s' --input '%s' %s 2>/dev/null", cli_path, command, scheme,
           app_path, extra);
  FILE* p = popen(line, "r");
  size_t size = 0, cap = 1 << 16;
  char* out = malloc(cap);
  size_t n;
  while ((n = fread(out + size, 1, cap - size - 1, p)) > 0) {
    size += n;
    if (size + 1 == cap) out = realloc(out, cap *= 2);
  }
  out[size] = '\0';
  pclose(p);
  remove(app_path);
  return out;
}

/* "eligible": true/false/null → 1/0/-1; the amount in cents. */
static int eligible_of(const char* json) {
  const char* e = strstr(json, "\"eligible\": ");
  if (!e) return -2;
  e += strlen("\"eligible\": ");
  return strncmp(e, "true", 4) == 0 ? 1 : strncmp(e, "false", 5) == 0 ? 0 : -1;
}
static long long amount_of(const char* json) {
  const char* a = strstr(json, "\"amount\": ");
  if (!a) return -1;
  return llround(strtod(a + strlen("\"amount\": "), NULL) * 100.0);
}

static int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (int64_t)era * 146097 + (int64_t)doe - 719468;
}

static void test_versions_and_names(void) {
  CHECK(bareme_abi_version() == BAREME_ABI_VERSION);
  CHECK(strlen(bareme_version()) >= 5);
  CHECK(strcmp(bareme_status_name(0), "") == 0);
  CHECK(strcmp(bareme_status_name(3), "MissingInput") == 0);
  CHECK(strcmp(bareme_status_name(200), "Unknown") == 0);
  CHECK(bareme_error_status(NULL) == BAREME_NULL_ARGUMENT);
  bareme_free(NULL);
  bareme_error_free(NULL);
  bareme_scheme_free(NULL);
}

static void test_load_errors(void) {
  bareme_scheme* s = NULL;
  EXPECT_ERROR(bareme_load("/nonexistent/x.bareme", NULL, NULL, &s, &err_), BAREME_IO_ERROR,
               "cannot read");
  CHECK(s == NULL);
  EXPECT_ERROR(bareme_load("/tmp", NULL, NULL, &s, &err_), BAREME_IO_ERROR, "folder");
  EXPECT_ERROR(bareme_load(broken_path, NULL, NULL, &s, &err_), BAREME_COMPILE_ERROR,
               "missing_name");
  CHECK(s == NULL);
  EXPECT_ERROR(bareme_load(NULL, NULL, NULL, &s, &err_), BAREME_NULL_ARGUMENT, "path");
  EXPECT_ERROR(bareme_load(brief_path, NULL, NULL, NULL, &err_), BAREME_NULL_ARGUMENT, "out");
  EXPECT_ERROR(bareme_load(brief_path, "flexitane", NULL, &s, &err_), BAREME_UNKNOWN_NAME,
               "flexitanie");
  /* No error object asked for: the status alone. */
  CHECK(bareme_load(NULL, NULL, NULL, &s, NULL) == BAREME_NULL_ARGUMENT);
  CHECK(bareme_load(brief_path, "flexitanie", "/tmp:/nonexistent", &s, NULL) == BAREME_OK && s);
  bareme_scheme_free(s);
}

static void test_describe(bareme_scheme* brief, bareme_scheme* dated) {
  char* json = NULL;
  bareme_error* e = NULL;
  CHECK(bareme_describe(brief, &json, &e) == BAREME_OK);
  CHECK(json && strstr(json, "\"name\": \"flexitanie\""));
  CHECK(json && strstr(json, "\"name\": \"v2g_stations\""));
  CHECK(json && strstr(json, "\"column\": \"enum\""));
  CHECK(json && strstr(json, "\"name\": \"joint_ownership\""));
  CHECK(json && strstr(json, "\"name\": \"v2g_grant\""));
  bareme_free(json);
  CHECK(bareme_describe(dated, &json, &e) == BAREME_OK);
  CHECK(json && strstr(json, "\"name\": \"financed\""));
  CHECK(json && strstr(json, "\"default\": \"flat\""));
  CHECK(json && strstr(json, "\"doc\": \"households served\""));
  CHECK(json && strstr(json, "\"at_least\": \"0\""));
  CHECK(json && strstr(json, "\"unit\": \"%\""));
  bareme_free(json);
  EXPECT_ERROR(bareme_describe(NULL, &json, &err_), BAREME_NULL_ARGUMENT, "scheme");
  EXPECT_ERROR(bareme_describe(brief, NULL, &err_), BAREME_NULL_ARGUMENT, "json");
  CHECK(strcmp(bareme_condition_name(brief, 0), "site_region == occitanie") == 0 ||
        bareme_condition_name(brief, 0) != NULL);
  CHECK(bareme_condition_name(brief, 99) == NULL);
  CHECK(bareme_condition_name(NULL, 0) == NULL);
}

/* bareme_document: every period of a dated parameter, the conditions with citations and
 * locations, the files' text. */
static void test_document(bareme_scheme* brief, bareme_scheme* dated) {
  char* json = NULL;
  bareme_error* e = NULL;
  CHECK(bareme_document(dated, &json, &e) == BAREME_OK);
  CHECK(json && strstr(json, "\"name\": \"grant\""));
  CHECK(json && strstr(json, "\"from\": \"2024-01-01\""));
  CHECK(json && strstr(json, "\"until\": \"2024-12-31\""));
  CHECK(json && strstr(json, "\"from\": \"2025-01-01\""));
  CHECK(json && strstr(json, "\"value\": \"200.00\""));
  CHECK(json && strstr(json, "\"message\": \"Only flats\""));
  CHECK(json && strstr(json, "dated.bareme:24:3"));
  CHECK(json && strstr(json, "A dated grant per household"));
  bareme_free(json);
  CHECK(bareme_document(brief, &json, &e) == BAREME_OK);
  CHECK(json && strstr(json, "\"assumptions\": ["));
  CHECK(json && strstr(json, "\"files\": ["));
  bareme_free(json);
  EXPECT_ERROR(bareme_document(NULL, &json, &err_), BAREME_NULL_ARGUMENT, "scheme");
  EXPECT_ERROR(bareme_document(brief, NULL, &err_), BAREME_NULL_ARGUMENT, "json");
}

static const char* kApp =
    "{\"beneficiary\": \"company\", \"site_region\": \"occitanie\", \"v2g_stations\": 2, "
    "\"v1g_stations\": 1,"
    " \"filed_on\": \"2024-01-31\", \"works_start\": \"2024-03-01\"}";

static void test_evaluate(bareme_scheme* brief) {
  char* out = NULL;
  bareme_error* e = NULL;
  CHECK(bareme_evaluate(brief, kApp, NULL, &out, &e) == BAREME_OK);
  char* cli = run_cli("eval", brief_path, kApp, "");
  CHECK(out && cli && strcmp(out, cli) == 0);
  CHECK(eligible_of(out) == 1 && amount_of(out) == 750000);
  bareme_free(out);
  free(cli);
  CHECK(bareme_explain(brief, kApp, NULL, &out, &e) == BAREME_OK);
  cli = run_cli("explain", brief_path, kApp, "--format json");
  CHECK(out && cli && strcmp(out, cli) == 0);
  bareme_free(out);
  free(cli);
  /* The interpreter asked for explicitly gives the same. */
  bareme_options o = {0};
  o.engine = 1;
  CHECK(bareme_evaluate(brief, kApp, &o, &out, &e) == BAREME_OK && amount_of(out) == 750000);
  bareme_free(out);
  /* A missing input: an answer (undetermined), not a failure. */
  CHECK(bareme_evaluate(brief, "{\"beneficiary\": \"company\"}", NULL, &out, &e) == BAREME_OK);
  CHECK(out && eligible_of(out) == -1 && strstr(out, "MissingInput"));
  bareme_free(out);
  /* Partial evaluation: what `bareme eval --missing` prints. */
  const char* partial = "{\"beneficiary\": \"company\", \"site_region\": \"occitanie\"}";
  CHECK(bareme_missing(brief, partial, NULL, &out, &e) == BAREME_OK);
  cli = run_cli("eval", brief_path, partial, "--missing");
  CHECK(out && cli && strcmp(out, cli) == 0);
  CHECK(out && strstr(out, "\"undetermined\"") && strstr(out, "v2g_stations"));
  bareme_free(out);
  free(cli);
  CHECK(bareme_missing(brief, "{\"beneficiary\": \"individual\"}", NULL, &out, &e) == BAREME_OK);
  CHECK(out && strstr(out, "\"not_eligible\""));
  bareme_free(out);
  EXPECT_ERROR(bareme_missing(brief, "{", NULL, &out, &err_), BAREME_BAD_JSON, "not JSON");
  EXPECT_ERROR(bareme_missing(NULL, partial, NULL, &out, &err_), BAREME_NULL_ARGUMENT, "scheme");
  EXPECT_ERROR(bareme_missing(brief, NULL, NULL, &out, &err_), BAREME_NULL_ARGUMENT,
               "application_json");
  EXPECT_ERROR(bareme_missing(brief, partial, NULL, NULL, &err_), BAREME_NULL_ARGUMENT,
               "missing_json");
  EXPECT_ERROR(bareme_evaluate(brief, "{\"v2g_stations\": ", NULL, &out, &err_), BAREME_BAD_JSON,
               "not JSON");
  CHECK(out == NULL);
  EXPECT_ERROR(bareme_evaluate(brief, "[1, 2]", NULL, &out, &err_), BAREME_BAD_JSON,
               "not an object");
  EXPECT_ERROR(bareme_evaluate(brief, "{\"v2g_stations\": \"many\"}", NULL, &out, &err_),
               BAREME_BAD_INPUT, "$.v2g_stations");
  EXPECT_ERROR(bareme_evaluate(brief, "{\"site_region\": \"narnia\"}", NULL, &out, &err_),
               BAREME_BAD_INPUT, "site_region");
  EXPECT_ERROR(bareme_explain(brief, "nope", NULL, &out, &err_), BAREME_BAD_JSON, "not JSON");
  EXPECT_ERROR(bareme_evaluate(NULL, kApp, NULL, &out, &err_), BAREME_NULL_ARGUMENT, "scheme");
  EXPECT_ERROR(bareme_evaluate(brief, NULL, NULL, &out, &err_), BAREME_NULL_ARGUMENT,
               "application_json");
  EXPECT_ERROR(bareme_evaluate(brief, kApp, NULL, NULL, &err_), BAREME_NULL_ARGUMENT,
               "result_json");
  EXPECT_ERROR(bareme_explain(NULL, kApp, NULL, &out, &err_), BAREME_NULL_ARGUMENT, "scheme");
  EXPECT_ERROR(bareme_explain(brief, NULL, NULL, &out, &err_), BAREME_NULL_ARGUMENT,
               "application_json");
  EXPECT_ERROR(bareme_explain(brief, kApp, NULL, NULL, &err_), BAREME_NULL_ARGUMENT,
               "explain_json");
  o.engine = 7;
  EXPECT_ERROR(bareme_evaluate(brief, kApp, &o, &out, &err_), BAREME_BAD_OPTION, "engine");
  o.engine = 0;
  o.time_limit_seconds = -1;
  EXPECT_ERROR(bareme_evaluate(brief, kApp, &o, &out, &err_), BAREME_BAD_OPTION,
               "time_limit_seconds");
  o.time_limit_seconds = 0;
  /* A member naming no input: ignored by default, bad input with the closest name when strict. */
  const char* misspelt = "{\"beneficiary\": \"company\", \"v2g_statoins\": 2}";
  CHECK(bareme_evaluate(brief, misspelt, &o, &out, NULL) == BAREME_OK);
  bareme_free(out);
  o.strict = 1;
  EXPECT_ERROR(bareme_evaluate(brief, misspelt, &o, &out, &err_), BAREME_BAD_INPUT, "v2g_stations");
  o.strict = 0;
}

static const char* kDatedApp = "{\"filed_on\": \"2024-06-01\", \"households\": 3}";

static void test_as_of_and_overrides(bareme_scheme* dated) {
  char* out = NULL;
  bareme_error* e = NULL;
  CHECK(bareme_evaluate(dated, kDatedApp, NULL, &out, &e) == BAREME_OK && amount_of(out) == 31000);
  bareme_free(out);
  bareme_options o = {0};
  o.as_of = "2025-02-01";
  CHECK(bareme_evaluate(dated, kDatedApp, &o, &out, &e) == BAREME_OK && amount_of(out) == 61000);
  char* cli = run_cli("eval", dated_path, kDatedApp, "--as-of 2025-02-01");
  CHECK(out && cli && strcmp(out, cli) == 0);
  bareme_free(out);
  free(cli);
  o.as_of = "2025-13-45";
  EXPECT_ERROR(bareme_evaluate(dated, kDatedApp, &o, &out, &err_), BAREME_BAD_OPTION, "2025-13-45");
  o.as_of = "tomorrow";
  EXPECT_ERROR(bareme_explain(dated, kDatedApp, &o, &out, &err_), BAREME_BAD_OPTION, "YYYY-MM-DD");

  bareme_scheme* reform = NULL;
  CHECK(bareme_with_parameters(dated, "{\"grant\": \"300 €\", \"bonus\": 0}", &reform, &e) ==
        BAREME_OK);
  CHECK(bareme_evaluate(reform, kDatedApp, NULL, &out, &e) == BAREME_OK && amount_of(out) == 90000);
  bareme_free(out);
  /* The original is unchanged; a reform of a reform keeps the first overrides. */
  CHECK(bareme_evaluate(dated, kDatedApp, NULL, &out, &e) == BAREME_OK && amount_of(out) == 31000);
  bareme_free(out);
  bareme_scheme* again = NULL;
  CHECK(bareme_with_parameters(reform, "{\"bonus\": \"5 €\"}", &again, &e) == BAREME_OK);
  CHECK(bareme_evaluate(again, kDatedApp, NULL, &out, &e) == BAREME_OK && amount_of(out) == 90500);
  bareme_free(out);
  bareme_scheme_free(again);
  bareme_scheme_free(reform);
  reform = NULL;
  EXPECT_ERROR(bareme_with_parameters(dated, "{\"grnt\": \"300 €\"}", &reform, &err_),
               BAREME_UNKNOWN_NAME, "grant");
  EXPECT_ERROR(bareme_with_parameters(dated, "{\"grant\": \"lots\"}", &reform, &err_),
               BAREME_BAD_INPUT, "grant");
  EXPECT_ERROR(bareme_with_parameters(dated, "{\"grant\": ", &reform, &err_), BAREME_BAD_JSON,
               "not JSON");
  EXPECT_ERROR(bareme_with_parameters(dated, "3", &reform, &err_), BAREME_BAD_JSON,
               "not an object");
  EXPECT_ERROR(bareme_with_parameters(NULL, "{}", &reform, &err_), BAREME_NULL_ARGUMENT, "scheme");
  EXPECT_ERROR(bareme_with_parameters(dated, NULL, &reform, &err_), BAREME_NULL_ARGUMENT,
               "overrides_json");
  EXPECT_ERROR(bareme_with_parameters(dated, "{}", NULL, &err_), BAREME_NULL_ARGUMENT, "out");
  CHECK(reform == NULL);
}

/* A batch of the brief's applications, as columns and as JSON. */
enum { kRows = 300 };
static const char* kBeneficiaries[] = {"company",        "local_authority", "public_body",
                                       "association",    "social_landlord", "individual",
                                       "joint_ownership"};
static const char* kRegions[] = {"occitanie", "île_de_france", "bretagne"};
typedef struct Batch {
  int64_t beneficiary[kRows], region[kRows], v2g[kRows], v1g[kRows], filed[kRows], works[kRows];
  uint8_t v2g_valid[kRows];
  int filed_day[kRows], works_day[kRows];
} Batch;

static void fill_batch(Batch* b) {
  for (int r = 0; r < kRows; ++r) {
    b->beneficiary[r] = r % 7;
    b->region[r] = (r / 7) % 3 == 2 ? 1 : 0;
    b->v2g[r] = r % 5;
    b->v2g_valid[r] = r % 37 != 3;
    b->v1g[r] = (r / 3) % 4;
    b->filed_day[r] = 1 + r % 28;
    b->works_day[r] = 1 + (r * 7) % 28;
    b->filed[r] = days_from_civil(2024, 3, (unsigned)b->filed_day[r]);
    b->works[r] = days_from_civil(2024, 3, (unsigned)b->works_day[r]);
  }
}

static void batch_columns(const Batch* b, bareme_column c[6]) {
  bareme_column cols[6] = {{"beneficiary", b->beneficiary, NULL},  {"site_region", b->region, NULL},
                           {"v2g_stations", b->v2g, b->v2g_valid}, {"v1g_stations", b->v1g, NULL},
                           {"filed_on", b->filed, NULL},           {"works_start", b->works, NULL}};
  memcpy(c, cols, sizeof cols);
}

static void row_json(const Batch* b, int r, char* out, size_t size) {
  char v2g[64] = "";
  if (b->v2g_valid[r]) snprintf(v2g, sizeof v2g, "\"v2g_stations\": %lld, ", (long long)b->v2g[r]);
  snprintf(out, size,
           "{\"beneficiary\": \"%s\", \"site_region\": \"%s\", %s\"v1g_stations\": %lld, "
           "\"filed_on\": \"2024-03-%02d\", \"works_start\": \"2024-03-%02d\"}",
           kBeneficiaries[b->beneficiary[r]], kRegions[b->region[r]], v2g, (long long)b->v1g[r],
           b->filed_day[r], b->works_day[r]);
}

typedef struct Results {
  uint8_t eligible[kRows], status[kRows];
  int64_t amount[kRows];
  int32_t first_failed[kRows];
} Results;

static bareme_status score(const bareme_scheme* s, const Batch* b, uint32_t threads,
                           uint32_t engine, Results* out) {
  bareme_column cols[6];
  batch_columns(b, cols);
  bareme_results r = {out->eligible, out->amount, out->status, out->first_failed, NULL, NULL, 0};
  bareme_options o = {0};
  o.threads = threads;
  o.engine = engine;
  return bareme_score_columns(s, cols, 6, kRows, &o, &r, NULL);
}

static int same_results(const Results* a, const Results* b) {
  return memcmp(a->eligible, b->eligible, sizeof a->eligible) == 0 &&
         memcmp(a->status, b->status, sizeof a->status) == 0 &&
         memcmp(a->amount, b->amount, sizeof a->amount) == 0 &&
         memcmp(a->first_failed, b->first_failed, sizeof a->first_failed) == 0;
}

static Batch batch;
static Results expected;

static void test_columns(bareme_scheme* brief) {
  fill_batch(&batch);
  Results jit1, jit2, interp;
  CHECK(score(brief, &batch, 1, 0, &expected) == BAREME_OK);
  CHECK(score(brief, &batch, 2, 2, &jit2) == BAREME_OK);
  CHECK(score(brief, &batch, 1, 2, &jit1) == BAREME_OK);
  CHECK(score(brief, &batch, 2, 1, &interp) == BAREME_OK);
  CHECK(same_results(&expected, &jit1));
  CHECK(same_results(&expected, &jit2));
  CHECK(same_results(&expected, &interp));
  int eligible = 0, refused = 0, undetermined = 0, mismatches = 0;
  for (int r = 0; r < kRows; ++r) {
    char app[512];
    row_json(&batch, r, app, sizeof app);
    char* out = NULL;
    if (bareme_evaluate(brief, app, NULL, &out, NULL) != BAREME_OK) {
      ++mismatches;
      continue;
    }
    const int e = eligible_of(out);
    if (e == -1) {
      ++undetermined;
      if (expected.status[r] != 3 || expected.eligible[r] || expected.amount[r] ||
          expected.first_failed[r] != -1)
        ++mismatches;
    } else {
      eligible += e;
      refused += !e;
      if (expected.status[r] != 0 || expected.eligible[r] != e ||
          expected.amount[r] != amount_of(out))
        ++mismatches;
      if (!e) {
        const char* name = bareme_condition_name(brief, expected.first_failed[r]);
        if (!name || !strstr(out, "failed")) ++mismatches;
      } else if (expected.first_failed[r] != -1) {
        ++mismatches;
      }
    }
    bareme_free(out);
  }
  CHECK(mismatches == 0);
  CHECK(eligible > 10 && refused > 10 && undetermined > 3);

  /* Errors of the columns. */
  bareme_column cols[6];
  batch_columns(&batch, cols);
  bareme_results r = {expected.eligible, expected.amount, NULL, NULL, NULL, NULL, 0};
  cols[1].name = "site_regoin";
  EXPECT_ERROR(bareme_score_columns(brief, cols, 6, kRows, NULL, &r, &err_), BAREME_UNKNOWN_NAME,
               "site_region");
  cols[1].name = "v1g_stations";
  EXPECT_ERROR(bareme_score_columns(brief, cols, 6, kRows, NULL, &r, &err_), BAREME_BAD_COLUMN,
               "twice");
  batch_columns(&batch, cols);
  cols[2].values = NULL;
  EXPECT_ERROR(bareme_score_columns(brief, cols, 6, kRows, NULL, &r, &err_), BAREME_BAD_COLUMN,
               "NULL values");
  batch_columns(&batch, cols);
  cols[0].name = NULL;
  EXPECT_ERROR(bareme_score_columns(brief, cols, 6, kRows, NULL, &r, &err_), BAREME_NULL_ARGUMENT,
               "name");
  batch_columns(&batch, cols);
  int64_t bad_enum[kRows];
  memcpy(bad_enum, batch.beneficiary, sizeof bad_enum);
  bad_enum[17] = 9;
  cols[0].values = bad_enum;
  EXPECT_ERROR(bareme_score_columns(brief, cols, 6, kRows, NULL, &r, &err_), BAREME_BAD_COLUMN,
               "row 17");
  batch_columns(&batch, cols);
  EXPECT_ERROR(bareme_score_columns(NULL, cols, 6, kRows, NULL, &r, &err_), BAREME_NULL_ARGUMENT,
               "scheme");
  EXPECT_ERROR(bareme_score_columns(brief, NULL, 6, kRows, NULL, &r, &err_), BAREME_NULL_ARGUMENT,
               "columns");
  EXPECT_ERROR(bareme_score_columns(brief, cols, 6, kRows, NULL, NULL, &err_), BAREME_NULL_ARGUMENT,
               "results");
  r.output_count = 2;
  EXPECT_ERROR(bareme_score_columns(brief, cols, 6, kRows, NULL, &r, &err_), BAREME_BAD_COLUMN,
               "output_count");
  r.output_count = 0;
  bareme_options o = {0};
  o.as_of = "someday";
  EXPECT_ERROR(bareme_score_columns(brief, cols, 6, kRows, &o, &r, &err_), BAREME_BAD_OPTION,
               "someday");
  /* No column at all: every row misses its inputs. */
  CHECK(bareme_score_columns(brief, NULL, 0, kRows, NULL, &r, NULL) == BAREME_OK);
}

static void test_dated_columns(bareme_scheme* dated) {
  enum { n = 4 };
  int64_t filed[n] = {days_from_civil(2024, 6, 1), days_from_civil(2025, 2, 1),
                      days_from_civil(2024, 6, 1), days_from_civil(2024, 6, 1)};
  int64_t households[n] = {3, 3, 0, 2};
  int64_t kind[n] = {0, 0, 0, 1};
  int64_t share[n] = {500000, 250000, 500000, 500000};
  uint8_t share_valid[n] = {0, 1, 1, 1};
  bareme_column cols[4] = {{"filed_on", filed, NULL},
                           {"households", households, NULL},
                           {"kind", kind, NULL},
                           {"share", share, share_valid}};
  uint8_t eligible[n], status[n], valid0[n], valid1[n], valid2[n];
  int64_t amount[n], base[n], financed[n], filed_out[n];
  int32_t first[n];
  int64_t* outputs[3] = {base, financed, filed_out};
  uint8_t* validity[3] = {valid0, valid1, valid2};
  bareme_results r = {eligible, amount, status, first, outputs, validity, 3};
  for (uint32_t engine = 1; engine <= 2; ++engine) {
    bareme_options o = {0};
    o.engine = engine;
    CHECK(bareme_score_columns(dated, cols, 4, n, &o, &r, NULL) == BAREME_OK);
    CHECK(eligible[0] == 1 && amount[0] == 31000 && base[0] == 30000 && financed[0] == 15000 &&
          valid1[0] == 1);
    CHECK(amount[1] == 61000 && base[1] == 60000 && financed[1] == 15000);
    CHECK(filed_out[1] == filed[1] && valid2[1] == 1);
    CHECK(eligible[2] == 0 && amount[2] == 0 && first[2] == 0 && status[2] == 0);
    CHECK(eligible[3] == 0 && first[3] == 1 &&
          strcmp(bareme_condition_name(dated, first[3]), "kind == flat") == 0);
    /* as_of overrides the filing date. */
    o.as_of = "2025-06-01";
    CHECK(bareme_score_columns(dated, cols, 4, n, &o, &r, NULL) == BAREME_OK);
    CHECK(amount[0] == 61000 && base[0] == 60000);
    /* Overrides reach the compiled function too. */
    bareme_scheme* reform = NULL;
    CHECK(bareme_with_parameters(dated, "{\"grant\": \"1 000 €\"}", &reform, NULL) == BAREME_OK);
    o.as_of = NULL;
    CHECK(bareme_score_columns(reform, cols, 4, n, &o, &r, NULL) == BAREME_OK);
    CHECK(amount[0] == 301000 && base[0] == 300000);
    bareme_scheme_free(reform);
  }
  /* A negative count of households is out of the input's bounds: undetermined. */
  households[0] = -1;
  CHECK(bareme_score_columns(dated, cols, 4, n, NULL, &r, NULL) == BAREME_OK);
  CHECK(status[0] != 0 && strcmp(bareme_status_name(status[0]), "InputOutOfRange") == 0 &&
        amount[0] == 0);
  households[0] = 3;
  /* A date column is days of the years 1 to 9999, as JSON and CSV read them. */
  const int64_t filed0 = filed[0];
  filed[0] = INT64_MAX;
  EXPECT_ERROR(bareme_score_columns(dated, cols, 4, n, NULL, &r, &err_), BAREME_BAD_COLUMN,
               "years 1 to 9999");
  filed[0] = 2932897; /* 10000-01-01 */
  EXPECT_ERROR(bareme_score_columns(dated, cols, 4, n, NULL, &r, &err_), BAREME_BAD_COLUMN,
               "filed_on");
  filed[0] = 2932896; /* 9999-12-31 */
  CHECK(bareme_score_columns(dated, cols, 4, n, NULL, &r, NULL) == BAREME_OK);
  filed[0] = filed0;
  int64_t text[n] = {0};
  bareme_column with_text[2] = {{"filed_on", filed, NULL}, {"reference", text, NULL}};
  EXPECT_ERROR(bareme_score_columns(dated, with_text, 2, n, NULL, &r, &err_), BAREME_BAD_COLUMN,
               "Text");
}

static void test_score_text(bareme_scheme* brief) {
  const char* csv =
      "beneficiary,site_region,v2g_stations,v1g_stations,filed_on,works_start\n"
      "company,occitanie,2,1,2024-01-31,2024-03-01\n"
      "individual,occitanie,2,1,2024-01-31,2024-03-01\n"
      "company,narnia,2,1,2024-01-31,2024-03-01\n";
  char* out = NULL;
  size_t length = 0;
  bareme_error* e = NULL;
  CHECK(bareme_score_text(brief, "csv", csv, strlen(csv), NULL, &out, &length, &e) == BAREME_OK);
  CHECK(out && length == strlen(out));
  CHECK(out && strstr(out, "7500.00") && strstr(out, "narnia"));
  int lines = 0;
  for (const char* p = out; p && *p; ++p) lines += *p == '\n';
  CHECK(lines == 4);
  bareme_free(out);
  const char* jsonl =
      "{\"beneficiary\": \"company\", \"site_region\": \"occitanie\", \"v2g_stations\": 1, "
      "\"v1g_stations\": 0, \"filed_on\": \"2024-01-31\", \"works_start\": \"2024-03-01\"}\n";
  bareme_options o = {0};
  o.engine = 1;
  CHECK(bareme_score_text(brief, "jsonl", jsonl, strlen(jsonl), &o, &out, NULL, &e) == BAREME_OK);
  CHECK(out && strstr(out, "3000"));
  bareme_free(out);
  const char* bad_header = "beneficiary,site_regoin\ncompany,occitanie\n";
  EXPECT_ERROR(
      bareme_score_text(brief, "csv", bad_header, strlen(bad_header), NULL, &out, &length, &err_),
      BAREME_BAD_INPUT, "site_regoin");
  EXPECT_ERROR(bareme_score_text(brief, "csv", "", 0, NULL, &out, &length, &err_), BAREME_BAD_INPUT,
               "empty");
  EXPECT_ERROR(bareme_score_text(brief, "xml", csv, strlen(csv), NULL, &out, &length, &err_),
               BAREME_BAD_OPTION, "xml");
  EXPECT_ERROR(bareme_score_text(NULL, "csv", csv, strlen(csv), NULL, &out, &length, &err_),
               BAREME_NULL_ARGUMENT, "scheme");
  EXPECT_ERROR(bareme_score_text(brief, NULL, csv, strlen(csv), NULL, &out, &length, &err_),
               BAREME_NULL_ARGUMENT, "format");
  EXPECT_ERROR(bareme_score_text(brief, "csv", NULL, 10, NULL, &out, &length, &err_),
               BAREME_NULL_ARGUMENT, "input");
  EXPECT_ERROR(bareme_score_text(brief, "csv", csv, strlen(csv), NULL, NULL, &length, &err_),
               BAREME_NULL_ARGUMENT, "output");
}

/* Several threads evaluating on one scheme at once, JSON and columns; each compares with the
 * results computed before. */
typedef struct Worker {
  const bareme_scheme* scheme;
  int index, failures;
} Worker;

static void* worker(void* arg) {
  Worker* w = arg;
  for (int round = 0; round < 4; ++round) {
    Results mine;
    if (score(w->scheme, &batch, 2, round % 2 ? 1 : 2, &mine) != BAREME_OK ||
        !same_results(&mine, &expected))
      ++w->failures;
    for (int r = w->index; r < kRows; r += 17) {
      char app[512];
      row_json(&batch, r, app, sizeof app);
      char* out = NULL;
      if (bareme_evaluate(w->scheme, app, NULL, &out, NULL) != BAREME_OK) {
        ++w->failures;
        continue;
      }
      const int e = eligible_of(out);
      if (e != (expected.status[r] ? -1 : expected.eligible[r])) ++w->failures;
      bareme_free(out);
    }
    char* out = NULL;
    if (bareme_explain(w->scheme, kApp, NULL, &out, NULL) != BAREME_OK || amount_of(out) != 750000)
      ++w->failures;
    bareme_free(out);
  }
  return NULL;
}

static void test_concurrency(void) {
  /* A fresh scheme: the threads race to compile its evaluator first. */
  bareme_scheme* s = load_ok(brief_path);
  fill_batch(&batch);
  bareme_scheme* reference = load_ok(brief_path);
  CHECK(score(reference, &batch, 1, 1, &expected) == BAREME_OK);
  bareme_scheme_free(reference);
  enum { kThreads = 4 };
  pthread_t threads[kThreads];
  Worker workers[kThreads];
  for (int t = 0; t < kThreads; ++t) {
    workers[t] = (Worker){s, t, 0};
    pthread_create(&threads[t], NULL, worker, &workers[t]);
  }
  for (int t = 0; t < kThreads; ++t) {
    pthread_join(threads[t], NULL);
    CHECK(workers[t].failures == 0);
  }
  bareme_scheme_free(s);
}

int main(int argc, char** argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: capi_test BRIEF DATED BROKEN BAREME_CLI [--concurrency-only]\n");
    return 2;
  }
  brief_path = argv[1];
  dated_path = argv[2];
  broken_path = argv[3];
  cli_path = argv[4];
  if (argc > 5 && strcmp(argv[5], "--concurrency-only") == 0) {
    test_concurrency();
  } else {
    test_versions_and_names();
    test_load_errors();
    bareme_scheme* brief = load_ok(brief_path);
    bareme_scheme* dated = load_ok(dated_path);
    test_describe(brief, dated);
    test_document(brief, dated);
    test_evaluate(brief);
    test_as_of_and_overrides(dated);
    test_columns(brief);
    test_dated_columns(dated);
    test_score_text(brief);
    test_concurrency();
    bareme_scheme_free(brief);
    bareme_scheme_free(dated);
  }
  if (failures)
    fprintf(stderr, "%d checks failed\n", failures);
  else
    printf("capi_test: every check passed\n");
  return failures ? 1 : 0;
}
