// CSV and JSON Lines rows, read with the same typed conversion as `bareme eval`.
#include "scoring/rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "diag/suggest.hpp"
#include "inputs/application.hpp"

namespace bareme::scoring {
namespace {

// A CSV cell as a JSON value: numbers stay exact text, arrays and objects are parsed, anything
// else is a string. An empty cell is no value.
std::optional<inputs::Json> cell_value(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  const char c = cell[0];
  if (c == '[' || c == '{') return inputs::json_from_argument(cell);
  // A number is an optional sign, digits, and an optional fraction: `2022-03-01` is not one.
  size_t i = (c == '-' || c == '+') ? 1 : 0;
  const size_t digits_start = i;
  while (i < cell.size() && std::isdigit(static_cast<unsigned char>(cell[i]))) ++i;
  bool numeric = i > digits_start;
  if (numeric && i < cell.size() && cell[i] == '.') {
    const size_t fraction = ++i;
    while (i < cell.size() && std::isdigit(static_cast<unsigned char>(cell[i]))) ++i;
    numeric = i > fraction;
  }
  numeric = numeric && i == cell.size();
  inputs::Json j{numeric ? inputs::Json::Kind::Number : inputs::Json::Kind::String};
  j.text = cell;
  if (cell == "true" || cell == "false") {
    j.kind = inputs::Json::Kind::Bool;
    j.boolean = cell == "true";
  }
  return j;
}

void fill(const ir::Program& program, const inputs::Json& document, InputRow& row) {
  auto read = inputs::read_application(program, document, true);
  if (read.errors.empty()) {
    row.app = std::move(read.app);
    return;
  }
  row.column = read.errors.front().path.rfind("$.", 0) == 0 ? read.errors.front().path.substr(2) : read.errors.front().path;
  row.error = read.errors.front().message;
  if (read.errors.size() > 1) row.error += fmt::format(" (and {} more)", read.errors.size() - 1);
}

class CsvRows : public RowSource {
 public:
  CsvRows(const ir::Program& p, std::istream& in, std::vector<std::string> header)
      : p_(p), reader_(in), header_(std::move(header)) {}

  bool next(InputRow& row) override {
    // Blank lines (a trailing one, say) are no rows.
    do {
      if (!reader_.next(record_)) return false;
    } while (record_.error.empty() && record_.fields.size() == 1 && record_.fields[0].empty());
    row = InputRow{++count_, std::nullopt, "", ""};
    if (!record_.error.empty()) {
      row.error = fmt::format("line {}: {}", record_.line, record_.error);
      return true;
    }
    if (record_.fields.size() != header_.size()) {
      row.error = fmt::format("line {}: {} fields, but the header has {}", record_.line, record_.fields.size(), header_.size());
      return true;
    }
    inputs::Json document{inputs::Json::Kind::Object};
    for (size_t c = 0; c < header_.size(); ++c) {
      if (auto v = cell_value(record_.fields[c])) document.members.emplace_back(header_[c], std::move(*v));
    }
    fill(p_, document, row);
    return true;
  }

  CsvReader& reader() { return reader_; }
  void set_header(std::vector<std::string> header) { header_ = std::move(header); }

 private:
  const ir::Program& p_;
  CsvReader reader_;
  std::vector<std::string> header_;
  CsvRecord record_;
  size_t count_ = 0;
};

class JsonlRows : public RowSource {
 public:
  JsonlRows(const ir::Program& p, std::istream& in) : p_(p), in_(in) {}

  bool next(InputRow& row) override {
    std::string line;
    while (std::getline(in_, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank lines are no rows
      row = InputRow{++count_, std::nullopt, "", ""};
      auto parsed = inputs::parse_json(line);
      if (auto* e = std::get_if<inputs::JsonError>(&parsed)) {
        row.error = e->message;
        return true;
      }
      fill(p_, std::get<inputs::Json>(parsed), row);
      return true;
    }
    return false;
  }

 private:
  const ir::Program& p_;
  std::istream& in_;
  size_t count_ = 0;
};

}  // namespace

std::unique_ptr<RowSource> csv_rows(const ir::Program& program, std::istream& in, std::string& problem) {
  auto rows = std::make_unique<CsvRows>(program, in, std::vector<std::string>{});
  CsvRecord header;
  if (!rows->reader().next(header) || (header.fields.size() == 1 && header.fields[0].empty())) {
    problem = "the CSV input is empty: its first line must name the inputs";
    return nullptr;
  }
  if (!header.error.empty()) {
    problem = "the CSV header is malformed: " + header.error;
    return nullptr;
  }
  std::vector<std::string> names;
  for (const auto& in : program.inputs) names.push_back(in.name);
  std::vector<std::string> unknown, missing;
  for (size_t c = 0; c < header.fields.size(); ++c) {
    if (std::find(header.fields.begin(), header.fields.begin() + static_cast<long>(c), header.fields[c]) !=
        header.fields.begin() + static_cast<long>(c)) {
      problem = fmt::format("the CSV header names the column \"{}\" twice", header.fields[c]);
      return nullptr;
    }
  }
  for (const auto& column : header.fields) {
    if (std::find(names.begin(), names.end(), column) != names.end()) continue;
    auto best = diag::closest(column, names);
    unknown.push_back(best ? fmt::format("\"{}\" (did you mean \"{}\"?)", column, *best) : fmt::format("\"{}\"", column));
  }
  for (const auto& in : program.inputs) {
    if (!in.default_value && std::find(header.fields.begin(), header.fields.end(), in.name) == header.fields.end()) {
      missing.push_back(fmt::format("\"{}\"", in.name));
    }
  }
  if (!unknown.empty() || !missing.empty()) {
    auto join = [](const std::vector<std::string>& v) {
      std::string out;
      for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
      return out;
    };
    problem = "the CSV header does not match the scheme's inputs:";
    if (!unknown.empty()) problem += "\n  unknown columns: " + join(unknown);
    if (!missing.empty()) problem += "\n  missing columns (inputs without a default): " + join(missing);
    return nullptr;
  }
  rows->set_header(header.fields);
  return rows;
}

std::unique_ptr<RowSource> jsonl_rows(const ir::Program& program, std::istream& in) {
  return std::make_unique<JsonlRows>(program, in);
}

}  // namespace bareme::scoring
