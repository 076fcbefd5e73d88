/* What the files of the PostgreSQL extension bareme share: the scheme cache, errors, arguments. */
#ifndef BAREME_PG_H
#define BAREME_PG_H

#include "postgres.h"

#include "fmgr.h"

#include "bareme/bareme.h"

/* The GUC bareme.threads: libbareme's threads for one batch of bareme_score (0: every core). */
extern int bareme_threads;

/* Raises a library failure as a PostgreSQL error (the status picks the SQLSTATE); frees `error`. */
extern void raise_bareme_error(bareme_error* error, const char* what, const char* scheme)
    pg_attribute_noreturn();
/* The scheme registered as `name`, cached in this process and checked once per statement. */
extern bareme_scheme* scheme_named(FunctionCallInfo fcinfo, const char* name);
/* Argument n as a C string; a NULL raises null_value_not_allowed naming `what`. */
extern char* text_arg(FunctionCallInfo fcinfo, int n, const char* what);

#endif
