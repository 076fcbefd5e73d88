// Import resolution and file reading.
#include "driver/imports.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bareme::driver {

namespace fs = std::filesystem;

std::string display_path(const std::string& path) {
  std::error_code ec;
  const fs::path p(path);
  if (!p.is_absolute()) return path;
  const fs::path relative = p.lexically_relative(fs::current_path(ec));
  if (ec || relative.empty() || *relative.begin() == "..") return path;
  return relative.string();
}

std::optional<std::string> read_file(const std::string& path, std::string& error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = "it is a folder";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = fs::exists(path, ec) ? "permission denied" : "no such file";
    return std::nullopt;
  }
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size > static_cast<std::streamoff>(kMaxFileBytes)) {
    error = "it is larger than 16 MB";
    return std::nullopt;
  }
  in.seekg(0);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::optional<std::string> resolve_import(const std::string& importer, const std::string& target,
                                          const Options& options, std::vector<std::string>& tried) {
  std::vector<fs::path> roots;
  std::error_code ec;
  fs::path dir = fs::absolute(fs::path(importer), ec).parent_path();
  while (!dir.empty()) {
    roots.push_back(dir);
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  for (const auto& p : options.library_paths) roots.emplace_back(p);
  if (const char* env = std::getenv("BAREME_PATH")) {
    std::stringstream paths(env);
    std::string item;
    while (std::getline(paths, item, ':')) {
      if (!item.empty()) roots.emplace_back(item);
    }
  }
  // The library installed beside the executable: PREFIX/bin/bareme finds PREFIX/share/bareme.
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) roots.push_back(exe.parent_path().parent_path() / "share" / "bareme");
  if (fs::path(target).is_absolute()) roots = {fs::path("/")};
  for (const auto& root : roots) {
    const fs::path candidate = (root / target).lexically_normal();
    tried.push_back(root.string());
    if (fs::exists(candidate, ec)) return candidate.string();
  }
  return std::nullopt;
}

}  // namespace bareme::driver
