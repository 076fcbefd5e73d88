// Names that are no input: the CSV header's check and warning, the JSON Lines members ignored.
#include "readers/unknown_names.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "diag/clip.hpp"
#include "inputs/application.hpp"

namespace bareme::readers {
namespace {

std::string join(const std::vector<std::string>& v, std::string_view separator = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(separator)) + s;
  return out;
}

bool is_input(const ir::Program& program, std::string_view name) {
  return std::any_of(program.inputs.begin(), program.inputs.end(),
                     [&](const ir::Input& in) { return in.name == name; });
}

// The header's columns naming neither an input nor a definition, as a warning lists them.
std::vector<std::string> unknown_columns(const ir::Program& program,
                                         const std::vector<std::string>& header) {
  std::vector<std::string> unknown;
  for (const auto& column : header) {
    if (!is_input(program, column) && !inputs::computed_definition(program, column))
      unknown.push_back(inputs::unknown_name(program, column));
  }
  return unknown;
}

}  // namespace

std::optional<std::string> csv_header_problem(const ir::Program& program,
                                              const std::vector<std::string>& header, bool strict) {
  for (size_t c = 0; c < header.size(); ++c) {
    if (std::find(header.begin(), header.begin() + static_cast<long>(c), header[c]) !=
        header.begin() + static_cast<long>(c)) {
      return fmt::format("the CSV header names the column \"{}\" twice", header[c]);
    }
  }
  std::vector<std::string> missing, computed;
  for (const auto& column : header) {
    if (is_input(program, column)) continue;
    if (auto why = inputs::computed_definition(program, column)) computed.push_back(*why);
  }
  for (const auto& in : program.inputs) {
    if (!in.default_value && std::find(header.begin(), header.end(), in.name) == header.end()) {
      missing.push_back(fmt::format("\"{}\"", in.name));
    }
  }
  const auto unknown = unknown_columns(program, header);
  if ((unknown.empty() || !strict) && missing.empty() && computed.empty()) return std::nullopt;
  std::string problem = "the CSV header does not match the scheme's inputs:";
  if (!unknown.empty()) problem += "\n  unknown columns: " + join(unknown);
  if (!missing.empty())
    problem += "\n  missing columns (inputs without a default): " + join(missing);
  for (const auto& why : computed) problem += "\n  " + why;
  return problem;
}

std::optional<std::string> csv_ignored_columns(const ir::Program& program,
                                               const std::vector<std::string>& header) {
  const auto unknown = unknown_columns(program, header);
  if (unknown.empty()) return std::nullopt;
  return fmt::format("warning: {} naming no input {} ignored: {} (--strict refuses {})",
                     unknown.size() == 1 ? "a column" : "columns",
                     unknown.size() == 1 ? "is" : "are", join(unknown),
                     unknown.size() == 1 ? "it" : "them");
}

void IgnoredMembers::add(size_t row, std::string_view name) {
  std::string clipped;  // names are kept clipped, so that both readers' names compare equal
  if (name.size() > diag::kMaxQuoted) name = clipped = diag::clip(name);
  uint32_t index = kOther;
  const auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) {
    index = static_cast<uint32_t>(it - names.begin());
  } else if (names.size() < kNames) {
    index = static_cast<uint32_t>(names.size());
    names.emplace_back(name);
  }
  seen.emplace_back(static_cast<uint32_t>(row), index);
}

IgnoredTally::Name* IgnoredTally::find(std::string_view name) {
  for (auto& n : names_) {
    if (n.name == name) return &n;
  }
  if (names_.size() >= IgnoredMembers::kNames) return &other_;
  names_.push_back(Name{std::string(name)});
  return &names_.back();
}

void IgnoredTally::take(const IgnoredMembers& block, size_t first_row, size_t taken) {
  size_t last_row = SIZE_MAX;  // a row naming several unknown members counts once for `other_`
  for (const auto& [row, index] : block.seen) {
    if (row >= taken) continue;
    Name* n = index == IgnoredMembers::kOther ? &other_ : find(block.names[index]);
    if (n == &other_ && last_row == row) continue;
    if (n == &other_) last_row = row;
    if (n->rows++ == 0) n->first = first_row + row;
  }
}

std::optional<std::string> IgnoredTally::warning(const ir::Program& program) const {
  if (names_.empty()) return std::nullopt;
  std::vector<std::string> listed;
  for (const auto& n : names_) {
    listed.push_back(
        n.rows == 1 ? fmt::format("{} in row {}", inputs::unknown_name(program, n.name), n.first)
                    : fmt::format("{} in {} rows, first row {}",
                                  inputs::unknown_name(program, n.name), n.rows, n.first));
  }
  if (other_.rows > 0)
    listed.push_back(
        fmt::format("other names in {} rows, first row {}", other_.rows, other_.first));
  return fmt::format(
      "warning: JSON members naming no input were ignored: {} (--strict makes such rows errors)",
      join(listed, "; "));
}

}  // namespace bareme::readers
