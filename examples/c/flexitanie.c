/* Barème's C ABI in a C program: loads the brief's Flexitanie scheme, evaluates one application
 * given as JSON, then scores a small batch given as typed columns.
 * Build: cc flexitanie.c $(pkg-config --cflags --libs bareme), or find_package(Bareme) in CMake.
 * Run:   ./flexitanie tests/check/flexitanie_brief.bareme */
#include <bareme/bareme.h>
#include <stdio.h>
#include <stdlib.h>

static int fail(const char* what, bareme_error* error) {
  fprintf(stderr, "%s: %s\n", what, bareme_error_message(error));
  bareme_error_free(error);
  return 1;
}

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "tests/check/flexitanie_brief.bareme";
  bareme_error* error = NULL;
  bareme_scheme* scheme = NULL;
  if (bareme_load(path, NULL, NULL, &scheme, &error) != BAREME_OK) return fail("load", error);

  /* One application, as `bareme eval --input` reads it. */
  const char* application =
      "{\"beneficiary\": \"company\", \"site_region\": \"occitanie\", \"v2g_stations\": 2,"
      " \"v1g_stations\": 1, \"filed_on\": \"2024-01-31\", \"works_start\": \"2024-03-01\"}";
  char* result = NULL;
  if (bareme_evaluate(scheme, application, NULL, &result, &error) != BAREME_OK)
    return fail("evaluate", error);
  printf("%s", result);
  bareme_free(result);

  /* Three applications as columns: enums by case index (bareme_describe lists the cases),
   * dates in days since 1970-01-01 (19753 is 2024-01-31, 19783 is 2024-03-01). */
  enum { rows = 3 };
  const int64_t beneficiary[rows] = {0, 5, 3}; /* company, individual, association */
  const int64_t region[rows] = {0, 0, 0};      /* occitanie */
  const int64_t v2g[rows] = {2, 2, 0};
  const int64_t v1g[rows] = {1, 1, 4};
  const int64_t filed_on[rows] = {19753, 19753, 19753};
  const int64_t works_start[rows] = {19783, 19783, 19783};
  const bareme_column columns[] = {
      {"beneficiary", beneficiary, NULL}, {"site_region", region, NULL},
      {"v2g_stations", v2g, NULL},        {"v1g_stations", v1g, NULL},
      {"filed_on", filed_on, NULL},       {"works_start", works_start, NULL}};
  uint8_t eligible[rows], status[rows];
  int64_t amount[rows];
  int32_t first_failed[rows];
  bareme_results results = {eligible, amount, status, first_failed, NULL, NULL, 0};
  bareme_options options = {0};
  options.threads = 2;
  if (bareme_score_columns(scheme, columns, sizeof columns / sizeof columns[0], rows, &options,
                           &results, &error) != BAREME_OK)
    return fail("score_columns", error);
  for (int r = 0; r < rows; ++r) {
    if (status[r] != 0) { /* cannot be decided: a runtime error such as MissingInput */
      printf("row %d: undetermined (%s)\n", r, bareme_status_name(status[r]));
      continue;
    }
    const long long cents = (long long)amount[r];
    const char* refused =
        first_failed[r] >= 0 ? bareme_condition_name(scheme, first_failed[r]) : NULL;
    printf("row %d: %s, %s%lld.%02lld €%s%s\n", r, eligible[r] ? "eligible" : "not eligible",
           cents < 0 ? "-" : "", llabs(cents / 100), llabs(cents % 100),
           refused ? ", refused by " : "", refused ? refused : "");
  }
  bareme_scheme_free(scheme);
  return 0;
}
