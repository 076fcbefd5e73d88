// The C ABI's reading of one JSON application and its evaluation by the interpreter, shared by
// bareme_evaluate, bareme_explain and bareme_missing.
#pragma once

#include "api/c_internal.hpp"
#include "inputs/application.hpp"
#include "interp/interp.hpp"

namespace bareme::capi {

// The application `json` for `scheme`, with the options' date and the scheme's overrides; fails
// with BAREME_BAD_JSON or BAREME_BAD_INPUT.
interp::Application read_json_application(const bareme_scheme& scheme, const char* json,
                                          const Options& o);
// The interpreter's result, traced when `trace`.
interp::Result evaluate_one(const bareme_scheme& scheme, const char* json,
                            const bareme_options* options, bool trace);
// What `bareme eval --missing` prints (partial::missing_json).
std::string missing_one(const bareme_scheme& scheme, const char* json,
                        const bareme_options* options);

}  // namespace bareme::capi
