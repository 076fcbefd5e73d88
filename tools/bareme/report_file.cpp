// The --report file: refused when it would overwrite an input, written to a temporary file first.
#include "report_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

namespace bareme::tools {

namespace fs = std::filesystem;

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) {
    const bool same = fs::equivalent(a, b, ec);
    if (!ec) return same;
  }
  const auto ca = fs::weakly_canonical(a, ec);
  if (ec) return a == b;
  const auto cb = fs::weakly_canonical(b, ec);
  if (ec) return a == b;
  return ca == cb;
}

std::optional<std::string> ReportFile::open(const std::string& path,
                                            const std::vector<std::string>& others) {
  for (const auto& other : others)
    if (!other.empty() && other != "-" && same_file(path, other))
      return fmt::format("`{}` is also `{}`, a file of this run: give the report another path",
                         path, other);
  path_ = path;
  temp_ = fmt::format("{}.tmp.{}", path, static_cast<long>(getpid()));
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    temp_.clear();
    return fmt::format("cannot write `{}`", path);
  }
  return std::nullopt;
}

bool ReportFile::commit() {
  if (temp_.empty()) return false;
  out_.close();
  if (!out_) return false;
  std::error_code ec;
  fs::rename(temp_, path_, ec);
  if (ec) return false;
  committed_ = true;
  return true;
}

ReportFile::~ReportFile() {
  if (temp_.empty() || committed_) return;
  if (out_.is_open()) out_.close();
  std::error_code ec;
  fs::remove(temp_, ec);
}

}  // namespace bareme::tools
