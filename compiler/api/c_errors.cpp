// The C ABI's errors, strings and versions, and the boundary helpers every exported function uses.
#include <cstdlib>
#include <cstring>
#include <thread>

#include "api/c_internal.hpp"
#include "runtime/errors.hpp"
#include "runtime/values.hpp"

#ifndef BAREME_VERSION_STRING
#define BAREME_VERSION_STRING "0.0.0"
#endif

namespace bareme::capi {

void fail(bareme_status status, std::string message) {
  throw Failure{status, std::move(message)};
}

void require(const void* p, const char* name) {
  if (!p) fail(BAREME_NULL_ARGUMENT, std::string("`") + name + "` is NULL");
}

bareme_status report(bareme_error** error, bareme_status status, std::string message) noexcept {
  if (!error) return status;
  try {
    *error = new bareme_error{status, std::move(message)};
  } catch (...) {
    *error = nullptr;  // no memory for the message: the status alone says what happened
  }
  return status;
}

char* copy_out(const std::string& text) {
  char* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (!out) throw std::bad_alloc();
  std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return out;
}

Options read_options(const bareme_options* options) {
  Options o;
  if (!options) return o;
  if (options->as_of) {
    o.as_of = runtime::parse_date(options->as_of);
    if (!o.as_of)
      fail(BAREME_BAD_OPTION,
           std::string("as_of \"") + options->as_of + "\" is not a date: write YYYY-MM-DD");
  }
  if (options->engine > 2)
    fail(BAREME_BAD_OPTION, "engine is 0 (default), 1 (interpreter) or 2 (JIT), not " +
                                std::to_string(options->engine));
  // More threads than a few per core only cost memory; a huge count could exhaust the process's.
  // The core count is read once: hardware_concurrency() opens a /sys file on every call.
  static const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  o.threads = std::min<unsigned>(options->threads, 4 * cores);
  o.engine = options->engine;
  o.max_steps = options->max_steps;
  if (!(options->time_limit_seconds >= 0))  // negative or NaN
    fail(BAREME_BAD_OPTION, "time_limit_seconds is a number of seconds, 0 for the default 60 s");
  if (options->time_limit_seconds > 0) o.time_limit_seconds = options->time_limit_seconds;
  o.strict = options->strict != 0;
  return o;
}

ir::Index evaluated_scheme(const bareme_scheme* scheme) {
  if (!scheme->scheme) {
    fail(BAREME_UNKNOWN_NAME,
         "`" + scheme->path +
             "` is a catalogue: load it with a scheme name to evaluate one of its aids "
             "(bareme_describe lists them)");
  }
  return *scheme->scheme;
}

}  // namespace bareme::capi

extern "C" {

bareme_status bareme_error_status(const bareme_error* error) {
  return error ? error->status : BAREME_NULL_ARGUMENT;
}

const char* bareme_error_message(const bareme_error* error) {
  return error ? error->message.c_str() : "`error` is NULL";
}

void bareme_error_free(bareme_error* error) {
  delete error;
}

void bareme_free(char* text) {
  std::free(text);
}

const char* bareme_version(void) {
  return BAREME_VERSION_STRING;
}

int bareme_abi_version(void) {
  return BAREME_ABI_VERSION;
}

const char* bareme_status_name(uint8_t code) {
  if (code == 0) return "";
  if (code > static_cast<uint8_t>(bareme::runtime::ErrorCode::NotApplicable)) return "Unknown";
  return bareme::runtime::error_name(static_cast<bareme::runtime::ErrorCode>(code)).data();
}

}  // extern "C"
