// Compiling the bundled scheme of a reader target once, with the stdlib on the import path.
#include "fixed_scheme.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>

#include "diag/render.hpp"

namespace bareme::fuzz {

std::vector<std::string> library_paths() { return {std::string(BAREME_SOURCE_DIR) + "/stdlib"}; }

const FixedScheme& fixed_scheme(const std::string& relative_path) {
  static std::map<std::string, FixedScheme> cache;
  if (auto it = cache.find(relative_path); it != cache.end()) return it->second;
  driver::Options options;
  options.library_paths = library_paths();
  auto c = driver::compile_file(std::string(BAREME_SOURCE_DIR) + "/" + relative_path, options);
  if (!c->ok()) {
    std::fprintf(stderr, "fuzz: %s does not compile:\n%s", relative_path.c_str(),
                 diag::render_text(c->sink.diagnostics(), c->sources, {false}).c_str());
    std::abort();
  }
  FixedScheme fixed;
  const auto root = static_cast<ir::Index>(c->program->modules.size() - 1);
  for (ir::Index s = 0; s < c->program->schemes.size(); ++s) {
    if (c->program->schemes[s].module == root) fixed.scheme = s;
  }
  fixed.compilation = std::move(c);
  return cache.emplace(relative_path, std::move(fixed)).first->second;
}

}  // namespace bareme::fuzz
