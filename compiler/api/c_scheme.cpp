// The C ABI's schemes: loading a file, parameter overrides, freeing, and the JIT compiled once.
#include <filesystem>
#include <sstream>

#include "api/c_internal.hpp"
#include "diag/render.hpp"
#include "diag/suggest.hpp"
#include "inputs/application.hpp"

using bareme::capi::fail;
using bareme::capi::guard;
using bareme::capi::require;

const bareme::jit::CompiledScheme* bareme_scheme::compiled() const {
  std::call_once(jit->once, [this] {
    bareme::jit::CompileOptions options;
    options.param_overrides = overrides;
    auto c = bareme::jit::compile(program(), *scheme, options);
    if (auto* fn = std::get_if<std::shared_ptr<const bareme::jit::CompiledScheme>>(&c))
      jit->compiled = *fn;
    else
      jit->refusal = std::get<bareme::jit::Refusal>(c).message;
  });
  return jit->compiled.get();
}

namespace {

std::vector<std::string> split_paths(const char* paths) {
  std::vector<std::string> out;
  if (!paths) return out;
  std::string all = paths, one;
  std::istringstream in(all);
  while (std::getline(in, one, ':'))
    if (!one.empty()) out.push_back(one);
  return out;
}

std::unique_ptr<bareme_scheme> load(const char* path, const char* scheme_name,
                                    const char* library_paths) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec))
    fail(BAREME_IO_ERROR, std::string("cannot read `") + path + "`: no such file");
  if (fs::is_directory(path, ec))
    fail(BAREME_IO_ERROR, std::string("cannot read `") + path + "`: it is a folder");
  bareme::driver::Options options;
  options.library_paths = split_paths(library_paths);
  std::shared_ptr<bareme::driver::Compilation> c = bareme::driver::compile_file(path, options);
  if (!c->ok()) {
    std::string text = bareme::diag::render_text(c->sink.diagnostics(), c->sources, {false});
    fail(BAREME_COMPILE_ERROR, std::string("`") + path + "` does not compile\n" + text);
  }
  auto s = std::make_unique<bareme_scheme>();
  s->path = path;
  const auto& program = *c->program;
  s->overrides.resize(program.params.size());
  if (scheme_name) {
    std::vector<std::string> names;
    for (bareme::ir::Index i = 0; i < program.schemes.size(); ++i) {
      names.push_back(program.schemes[i].name);
      if (program.schemes[i].name == scheme_name) s->scheme = i;
    }
    if (!s->scheme) {
      std::string message = std::string("no scheme named `") + scheme_name + "` in `" + path + "`";
      if (auto best = bareme::diag::closest(scheme_name, names))
        message += "; did you mean `" + *best + "`?";
      fail(BAREME_UNKNOWN_NAME, message);
    }
  } else {
    const auto root = static_cast<bareme::ir::Index>(program.modules.size() - 1);
    for (bareme::ir::Index i = 0; i < program.schemes.size() && !s->scheme; ++i)
      if (program.schemes[i].module == root) s->scheme = i;
    if (!s->scheme && program.schemes.empty())
      fail(BAREME_COMPILE_ERROR,
           std::string("`") + path +
               "` is a module and imports no scheme: it has nothing to evaluate");
  }
  s->compilation = std::move(c);
  return s;
}

std::unique_ptr<bareme_scheme> with_parameters(const bareme_scheme& base,
                                               const char* overrides_json) {
  auto parsed = bareme::inputs::parse_json(overrides_json);
  if (auto* e = std::get_if<bareme::inputs::JsonError>(&parsed))
    fail(BAREME_BAD_JSON, "the overrides are not JSON: " + e->message);
  const auto& document = std::get<bareme::inputs::Json>(parsed);
  if (document.kind != bareme::inputs::Json::Kind::Object)
    fail(BAREME_BAD_JSON,
         "the overrides are JSON " + std::string(document.kind_name()) + ", not an object");
  const auto& program = base.program();
  auto s = std::make_unique<bareme_scheme>();
  s->compilation = base.compilation;
  s->scheme = base.scheme;
  s->path = base.path;
  s->overrides = base.overrides;
  std::vector<std::string> names;
  for (const auto& p : program.params) names.push_back(p.name);
  for (const auto& [name, value] : document.members) {
    size_t p = 0;
    while (p < program.params.size() && program.params[p].name != name) ++p;
    if (p == program.params.size()) {
      std::string message = "no parameter named `" + name + "`";
      if (auto best = bareme::diag::closest(name, names))
        message += "; did you mean `" + *best + "`?";
      fail(BAREME_UNKNOWN_NAME, message);
    }
    std::vector<bareme::inputs::InputError> errors;
    // A text is read as the command line reads a value (`"25 %"`), other JSON as it is.
    auto read =
        bareme::inputs::read_value(program, program.params[p].type, value, "$." + name, errors);
    if (!read || !errors.empty())
      fail(BAREME_BAD_INPUT,
           "parameter `" + name + "`: " + (errors.empty() ? "bad value" : errors.front().message));
    s->overrides[p] = std::move(read);
  }
  return s;
}

}  // namespace

extern "C" {

bareme_status bareme_load(const char* path, const char* scheme_name, const char* library_paths,
                          bareme_scheme** out, bareme_error** error) {
  return guard(error, [&] {
    require(out, "out");
    *out = nullptr;
    require(path, "path");
    *out = load(path, scheme_name, library_paths).release();
  });
}

bareme_status bareme_with_parameters(const bareme_scheme* scheme, const char* overrides_json,
                                     bareme_scheme** out, bareme_error** error) {
  return guard(error, [&] {
    require(out, "out");
    *out = nullptr;
    require(scheme, "scheme");
    require(overrides_json, "overrides_json");
    *out = with_parameters(*scheme, overrides_json).release();
  });
}

void bareme_scheme_free(bareme_scheme* scheme) {
  delete scheme;
}

const char* bareme_condition_name(const bareme_scheme* scheme, int32_t index) {
  if (!scheme || !scheme->scheme || index < 0) return nullptr;
  const auto& s = scheme->program().schemes[*scheme->scheme];
  if (static_cast<size_t>(index) == s.conditions.size()) return "amount (not applicable)";
  if (static_cast<size_t>(index) > s.conditions.size()) return nullptr;
  return s.conditions[static_cast<size_t>(index)].name.c_str();
}

}  // extern "C"
