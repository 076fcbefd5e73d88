// Loads every *.bareme file of the served folder through the C ABI and swaps the new catalog in.
#include "catalog.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "schema.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace bareme::serve {
namespace {

std::string now_iso() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// The message of an ABI error, freed.
std::string take_message(bareme_error* error, const char* fallback) {
  std::string message = error ? bareme_error_message(error) : fallback;
  bareme_error_free(error);
  return message;
}

// Every file under the folder (imports may sit in subfolders), with its mtime and size.
std::map<std::string, std::pair<int64_t, int64_t>> signature_of(const std::string& folder) {
  std::map<std::string, std::pair<int64_t, int64_t>> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".bareme") continue;
    const auto mtime = fs::last_write_time(it->path(), ec).time_since_epoch();
    const auto size = static_cast<int64_t>(fs::file_size(it->path(), ec));
    files[it->path().string()] = {
        std::chrono::duration_cast<std::chrono::nanoseconds>(mtime).count(), size};
  }
  return files;
}

// The JSON string openings of the folders in `paths` (`a:b`), the longest first.
std::vector<std::string> prefixes_of(const std::string& paths) {
  std::vector<std::string> out;
  for (size_t begin = 0; begin <= paths.size();) {
    size_t end = paths.find(':', begin);
    if (end == std::string::npos) end = paths.size();
    if (end > begin) {
      const std::string opening = json((fs::path(paths.substr(begin, end - begin)) / "").string())
                                      .dump(-1, ' ', false, json::error_handler_t::replace);
      out.push_back(opening.substr(0, opening.size() - 1));  // without the closing quote
    }
    begin = end + 1;
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return out;
}

// Loads one file; the error message when it does not load.
std::shared_ptr<const LoadedScheme> load(const fs::path& path, const std::string& library_paths,
                                         std::string& message) {
  bareme_scheme* scheme = nullptr;
  bareme_error* error = nullptr;
  if (bareme_load(path.c_str(), nullptr, library_paths.c_str(), &scheme, &error) != BAREME_OK) {
    message = take_message(error, "the scheme does not load");
    return nullptr;
  }
  auto loaded = std::make_shared<LoadedScheme>();
  loaded->scheme = scheme;
  loaded->name = path.stem().string();
  loaded->file = path.filename().string();
  char* text = nullptr;
  if (bareme_describe(scheme, &text, &error) != BAREME_OK) {
    message = take_message(error, "the scheme cannot be described");
    return nullptr;
  }
  loaded->describe_json = text;
  bareme_free(text);
  const json describe = json::parse(loaded->describe_json, nullptr, false);
  if (describe.is_discarded()) {
    message = "bareme_describe gave text that is not JSON";
    return nullptr;
  }
  json summary = {{"name", loaded->name},
                  {"file", loaded->file},
                  {"scheme", describe.value("name", loaded->name)}};
  if (describe.contains("aids")) summary["aids"] = describe["aids"];
  summary["links"] = {{"self", "/schemes/" + loaded->name},
                      {"evaluate", "/schemes/" + loaded->name + "/evaluate"}};
  loaded->summary_json = summary.dump(-1, ' ', false, json::error_handler_t::replace);
  json detail = summary;
  detail["description"] = describe;
  detail["input_schema"] = input_schema(describe);
  detail["output_schema"] = output_schema(describe);
  loaded->detail_json = detail.dump(-1, ' ', false, json::error_handler_t::replace);
  loaded->path_prefixes = prefixes_of(library_paths);
  if (bareme_document(scheme, &text, &error) == BAREME_OK)
    loaded->document_json = loaded->relative_paths(text);
  else
    loaded->document_error = take_message(error, "the scheme cannot be documented");
  bareme_free(text);
  return loaded;
}

}  // namespace

LoadedScheme::~LoadedScheme() {
  bareme_scheme_free(scheme);
}

std::string LoadedScheme::relative_paths(std::string text) const {
  for (const auto& prefix : path_prefixes)
    for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1))
      text.replace(at, prefix.size(), "\"");
  return text;
}

Registry::Registry(std::string folder, std::string library_paths)
    : folder_(std::move(folder)), library_paths_(std::move(library_paths)) {
  auto empty = std::make_shared<Catalog>();
  empty->list_json = "[]";
  empty->openapi_json = openapi_document({}).dump(-1, ' ', false, json::error_handler_t::replace);
  current_ = std::move(empty);
}

std::shared_ptr<const Catalog> Registry::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

bool Registry::poll(bool force) {
  auto signature = signature_of(folder_);
  if (!force && signature == signature_) return false;
  signature_ = std::move(signature);
  const auto old = current();
  auto next = std::make_shared<Catalog>();
  next->generation = old->generation + 1;
  next->loaded_at = now_iso();
  const std::string paths = library_paths_.empty() ? folder_ : folder_ + ":" + library_paths_;
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(folder_, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".bareme") files.push_back(it->path());
  std::sort(files.begin(), files.end());
  json list = json::array();
  std::vector<std::pair<std::string, json>> described;
  for (const auto& path : files) {
    std::string message;
    std::shared_ptr<const LoadedScheme> loaded;
    try {
      loaded = load(path, paths, message);
    } catch (
        const std::exception& e) {  // a bug in describing it: this file's error, not the server's
      message = std::string("could not be loaded: ") + e.what();
    }
    if (!loaded) {
      next->errors.push_back({path.filename().string(), message});
      auto kept = old->schemes.find(path.stem().string());
      if (kept == old->schemes.end()) continue;
      loaded = kept->second;  // the old version keeps serving
    }
    list.push_back(json::parse(loaded->summary_json));
    described.emplace_back(loaded->name, json::parse(loaded->describe_json));
    next->schemes[loaded->name] = std::move(loaded);
  }
  next->list_json = json{{"schemes", list}}.dump(-1, ' ', false, json::error_handler_t::replace);
  next->openapi_json =
      openapi_document(described).dump(-1, ' ', false, json::error_handler_t::replace);
  std::lock_guard lock(mutex_);
  current_ = std::move(next);
  return true;
}

}  // namespace bareme::serve
