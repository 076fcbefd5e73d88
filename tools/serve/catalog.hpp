// The schemes served: each file of the folder loaded through the C ABI, swapped atomically on
// reload.
#pragma once

#include <bareme/bareme.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace bareme::serve {

// One loaded scheme: immutable, freed when the last request holding it finishes.
struct LoadedScheme {
  std::string name;  // the file's stem: the {name} of the URLs
  std::string file;  // its path
  bareme_scheme* scheme = nullptr;
  std::string describe_json;  // bareme_describe's text
  std::string detail_json;    // GET /schemes/{name}: the description with its JSON Schemas
  std::string summary_json;   // its entry in GET /schemes
  // GET /schemes/{name}/document, built once per load (bareme_document), its paths shown; or the
  // error that bareme_document gave.
  std::string document_json, document_error;
  // The served folder and the library paths as JSON string openings (`"/srv/schemes/`): the
  // answers show the paths under them relative to them (`"flexitanie.bareme:12:3`).
  std::vector<std::string> path_prefixes;
  // `text` (a JSON answer) with the paths under path_prefixes relative to them.
  std::string relative_paths(std::string text) const;
  ~LoadedScheme();
};

// A file that did not load: the scheme keeps its previous version, if any.
struct LoadError {
  std::string file, message;
};

// One version of the folder: what a request sees from start to end.
struct Catalog {
  std::map<std::string, std::shared_ptr<const LoadedScheme>> schemes;
  std::vector<LoadError> errors;
  uint64_t generation = 0;
  std::string loaded_at;     // ISO 8601 UTC
  std::string list_json;     // GET /schemes
  std::string openapi_json;  // GET /openapi.json
};

// The current catalog and its reload from the folder.
class Registry {
 public:
  Registry(std::string folder, std::string library_paths);
  // The current version; requests keep it for their whole duration.
  std::shared_ptr<const Catalog> current() const;
  // Reloads when a file of the folder changed since the last look (or `force`); true if reloaded.
  bool poll(bool force = false);

 private:
  std::string folder_, library_paths_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Catalog> current_;
  std::map<std::string, std::pair<int64_t, int64_t>> signature_;  // path -> (mtime ns, size)
};

}  // namespace bareme::serve
