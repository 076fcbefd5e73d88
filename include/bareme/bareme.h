/* Barème's C ABI: load a scheme or catalogue, describe it, evaluate, explain and ask what is
 * missing for one application given as JSON, and score batches of typed columns on N threads.
 * No exception, abort or longjmp crosses this interface: every failure is a status code plus a
 * message. Strings returned by the library are owned by the caller and freed with bareme_free.
 *
 * Thread safety: a bareme_scheme is immutable once loaded. Any number of threads may call the
 * evaluation functions on one scheme at the same time; bareme_scheme_free must not run
 * concurrently with other calls on the same scheme. A bareme_error belongs to the calling thread.
 */
#ifndef BAREME_H
#define BAREME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define BAREME_API __attribute__((visibility("default")))
#else
#define BAREME_API
#endif

/* The ABI version: bumped when a function's meaning or a struct's layout changes. */
#define BAREME_ABI_VERSION 1

typedef enum bareme_status {
  BAREME_OK = 0,
  BAREME_NULL_ARGUMENT = 1,  /* a required pointer argument was NULL */
  BAREME_IO_ERROR = 2,       /* a file could not be read */
  BAREME_COMPILE_ERROR = 3,  /* the scheme does not compile: the message lists the diagnostics */
  BAREME_BAD_JSON = 4,       /* the text is not JSON, or not the expected shape */
  BAREME_BAD_INPUT = 5,      /* an application or override does not fit the scheme's inputs */
  BAREME_UNKNOWN_NAME = 6,   /* no input, output, parameter or scheme has that name */
  BAREME_BAD_COLUMN = 7,     /* a column has the wrong type, a NULL buffer, or is given twice */
  BAREME_BAD_OPTION = 8,     /* an option is out of range (a date that is not YYYY-MM-DD, ...) */
  BAREME_INTERNAL = 9        /* a bug or resource exhaustion, caught at the boundary */
} bareme_status;

/* An error: a status and a message. Functions that fail set *error when error is not NULL. */
typedef struct bareme_error bareme_error;
BAREME_API bareme_status bareme_error_status(const bareme_error* error);
BAREME_API const char* bareme_error_message(const bareme_error* error); /* valid until freed */
BAREME_API void bareme_error_free(bareme_error* error);

/* Frees a string returned by the library (NULL is allowed). */
BAREME_API void bareme_free(char* text);

/* "1.2.0": the library's version; BAREME_ABI_VERSION of the loaded library. */
BAREME_API const char* bareme_version(void);
BAREME_API int bareme_abi_version(void);

/* A loaded, checked scheme (or catalogue), with its JIT-compiled evaluator once needed. */
typedef struct bareme_scheme bareme_scheme;

/* Loads a scheme file with its imports. `scheme_name` picks one scheme of a project's root file
 * (NULL: the file's own scheme or catalogue). `library_paths` is a ':'-separated list of folders
 * searched for imports, or NULL. */
BAREME_API bareme_status bareme_load(const char* path, const char* scheme_name, const char* library_paths,
                                     bareme_scheme** out, bareme_error** error);
/* A new scheme whose parameters are overridden: `overrides_json` is an object mapping parameter
 * names to a value written as in a scheme file's test (`{"flexitanie_rate": "25 %"}`), which
 * holds on every date. The original is unchanged. */
BAREME_API bareme_status bareme_with_parameters(const bareme_scheme* scheme, const char* overrides_json,
                                                bareme_scheme** out, bareme_error** error);
BAREME_API void bareme_scheme_free(bareme_scheme* scheme);

/* The scheme as JSON: its name, its aids (a catalogue's members, a scheme's combined aids), its
 * inputs (name, type, unit, enum cases, default, bounds, doc, column type) and its declared
 * outputs (name, type, column type). */
BAREME_API bareme_status bareme_describe(const bareme_scheme* scheme, char** json, bareme_error** error);

/* The scheme's documentation as JSON: its parameters with every period (from, until, value,
 * citation, location), its tables (columns, rows of cells, output, citation), its assumptions,
 * its conditions and rules with their citations and source locations ("file:line:col", as in
 * bareme_explain), and the text of every file of the program ("files": path and text), so that
 * a location can be shown as its source line. See docs/compiler/api.md. */
BAREME_API bareme_status bareme_document(const bareme_scheme* scheme, char** json, bareme_error** error);

/* Options of an evaluation; a NULL pointer means all defaults. Zero-initialise, then set. */
typedef struct bareme_options {
  const char* as_of;   /* "YYYY-MM-DD": evaluate on this date instead of the scheme's date input */
  uint32_t threads;    /* batch only: 0 = every core; at most 4 per core are used */
  uint32_t engine;     /* 0 = the JIT for batches, the interpreter for one application; 1 = the
                          interpreter; 2 = the JIT. One application always goes through the
                          interpreter; a batch whose scheme the JIT cannot compile runs through
                          the interpreter (same results, slower) whatever this says */
  uint64_t max_steps;  /* one application: the interpreter's step budget; 0 = that of
                          `bareme eval` (batches and text rows run with `bareme score`'s) */
  double time_limit_seconds; /* one application: past this time the interpreter stops and the
                                result is undetermined (BudgetExceeded); 0 = 60 s; negative is
                                BAREME_BAD_OPTION */
  uint32_t strict;     /* one application: 1 = a member naming no input is BAREME_BAD_INPUT (with
                          the closest name); 0 = ignored, as `bareme eval` without --strict */
} bareme_options;

/* One application, as the JSON object `bareme eval --input` reads, evaluated: *result_json is
 * what `bareme eval` prints. An undetermined result (a runtime error such as a missing input)
 * is BAREME_OK with "eligible": null and the error in the JSON: it is an answer, not a failure. */
BAREME_API bareme_status bareme_evaluate(const bareme_scheme* scheme, const char* application_json,
                                         const bareme_options* options, char** result_json, bareme_error** error);
/* The same with the explanation: what `bareme explain --format json` prints. */
BAREME_API bareme_status bareme_explain(const bareme_scheme* scheme, const char* application_json,
                                        const bareme_options* options, char** explain_json, bareme_error** error);
/* Partial evaluation: what `bareme eval --missing` prints, the status (eligible, not eligible
 * with the condition that fails, undetermined) and for undetermined the inputs that could still
 * change the result, ranked: ask the first one first. */
BAREME_API bareme_status bareme_missing(const bareme_scheme* scheme, const char* application_json,
                                        const bareme_options* options, char** missing_json, bareme_error** error);

/* Batches of typed columns. Every scalar is one int64 per row in the scheme's exact unit:
 * Bool 0/1, Int, Money in cents, Decimal and Rate in millionths (60 % is 600000), Quantity in
 * millionths of its unit, Date in days since 1970-01-01, Enum as the index of its case (see
 * bareme_describe). `validity` has one byte per row, 1 = set, 0 = absent (the input's default
 * applies, or the row is undetermined); NULL means every row is set. Buffers are read in place
 * (zero-copy) and must stay valid during the call. Text, Duration, List and Record inputs cannot
 * be given as columns: a scheme needing one such input without a default is scored through JSON. */
typedef struct bareme_column {
  const char* name;         /* an input name */
  const int64_t* values;    /* rows values */
  const uint8_t* validity;  /* rows bytes, or NULL */
} bareme_column;

/* Where a batch writes its results: arrays of `rows` elements owned by the caller, each NULL
 * when not wanted. They must not overlap each other or the input columns: compiled code writes
 * them as if nothing else aliased them. A row whose `status` is not 0 is undetermined (its code is a runtime error,
 * named by bareme_status_name) and its other cells are 0. */
typedef struct bareme_results {
  uint8_t* eligible;  /* 1 eligible, 0 not (or undetermined) */
  int64_t* amount;    /* cents */
  uint8_t* status;    /* 0 decided, else the runtime error code */
  int32_t* first_failed; /* the index of the first failed condition (bareme_condition_name), -1 none */
  /* One int64 array per declared output, in the order of bareme_describe's "outputs", in the
   * same units as input columns; output_count must be 0 or the scheme's number of outputs.
   * output_validity: one byte array per output, 1 when computed (NULL: not wanted). */
  int64_t** outputs;
  uint8_t** output_validity;
  size_t output_count;
} bareme_results;

BAREME_API bareme_status bareme_score_columns(const bareme_scheme* scheme, const bareme_column* columns,
                                              size_t column_count, size_t rows, const bareme_options* options,
                                              bareme_results* results, bareme_error** error);
/* The name of a runtime error code of bareme_results.status ("MissingInput"); "" for 0. */
BAREME_API const char* bareme_status_name(uint8_t code);
/* The name of condition `index` of bareme_results.first_failed, or NULL when out of range. */
BAREME_API const char* bareme_condition_name(const bareme_scheme* scheme, int32_t index);

/* Rows as text, the formats of `bareme score`: format "csv" or "jsonl" in and out. `input` is
 * a whole number of rows (a CSV block starts with its header line). One output row per input
 * row, in order; a row that does not fit the scheme is an error row, not a failure. */
BAREME_API bareme_status bareme_score_text(const bareme_scheme* scheme, const char* format, const char* input,
                                           size_t input_length, const bareme_options* options, char** output,
                                           size_t* output_length, bareme_error** error);

#ifdef __cplusplus
}
#endif
#endif /* BAREME_H */
