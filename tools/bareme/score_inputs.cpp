// The inputs of `bareme score` expanded: folders and glob patterns into sorted lists of files.
#include "score_inputs.hpp"

#include <fmt/format.h>
#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace bareme::tools {
namespace {

namespace fs = std::filesystem;

bool is_scorable(const fs::path& path) {
  const auto ext = path.extension().string();
  return ext == ".csv" || ext == ".jsonl" || ext == ".ndjson";
}

}  // namespace

std::optional<std::vector<std::string>> expand_inputs(const std::vector<std::string>& values,
                                                      bool& many, std::string& error) {
  std::vector<std::string> files;
  many = values.size() > 1;
  for (const auto& value : values) {
    std::error_code ec;
    if (value != "-" && fs::is_directory(value, ec)) {
      many = true;
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(value, ec))
        if (entry.is_regular_file(ec) && is_scorable(entry.path())) found.push_back(entry.path());
      if (ec) {
        error = fmt::format("cannot list the folder `{}`: {}", value, ec.message());
        return std::nullopt;
      }
      if (found.empty()) {
        error = fmt::format("the folder `{}` holds no .csv, .jsonl or .ndjson file", value);
        return std::nullopt;
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (value.find_first_of("*?[") != std::string::npos && !fs::exists(value, ec)) {
      many = true;
      glob_t matches{};
      const int status = ::glob(value.c_str(), GLOB_ERR, nullptr, &matches);
      std::vector<std::string> found;
      for (size_t i = 0; status == 0 && i < matches.gl_pathc; ++i)
        if (!fs::is_directory(matches.gl_pathv[i], ec)) found.emplace_back(matches.gl_pathv[i]);
      ::globfree(&matches);
      if (found.empty()) {
        error = fmt::format("`{}` matches no file", value);
        return std::nullopt;
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(value);
    }
  }
  return files;
}

std::string shard_output(const std::string& folder, const std::string& input,
                         const std::string& extension) {
  return (fs::path(folder) / fs::path(input).stem()).string() + "." + extension;
}

}  // namespace bareme::tools
