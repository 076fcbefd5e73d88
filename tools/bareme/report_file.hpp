// The --report file of `bareme score` and `simulate`: refused when it is one of the run's other
// files, written to PATH.tmp.PID beside it and renamed over PATH only when the run succeeds.
#pragma once

#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace bareme::tools {

class ReportFile {
 public:
  ReportFile() = default;
  ReportFile(const ReportFile&) = delete;
  ReportFile& operator=(const ReportFile&) = delete;
  ~ReportFile();  // removes the temporary file unless it was committed

  // Opens the temporary file for `path`; `others` are the run's other files (inputs, scheme,
  // outputs; empty and "-" are skipped). Returns why not, or nothing when it is open.
  std::optional<std::string> open(const std::string& path, const std::vector<std::string>& others);
  std::ofstream& stream() { return out_; }
  // Closes the temporary file and renames it over the report's path: false when that fails.
  bool commit();

 private:
  std::string path_, temp_;
  std::ofstream out_;
  bool committed_ = false;
};

// Whether two paths name the same file (both existing: the same inode; else the same canonical
// path).
bool same_file(const std::string& a, const std::string& b);

}  // namespace bareme::tools
