// Reading blocks of CSV records and JSON lines: the fast path per cell, the general reader of
// `bareme eval` for rows it does not take, so both paths agree on values and on errors.
#include "scoring/rows.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "diag/suggest.hpp"
#include "inputs/application.hpp"
#include "scoring/cells.hpp"
#include "scoring/flat_json.hpp"

namespace bareme::scoring {
namespace {

// One input of the row being read.
struct Cell {
  enum State : uint8_t { Absent, Scalar, List, Boxed } state = Absent;
  int64_t scalar = 0;
  std::vector<int64_t> list;  // List: field scalars, element by element
  size_t elements = 0;
  runtime::Value value;
};

std::string column_of(const std::string& path) {
  return path.rfind("$.", 0) == 0 ? path.substr(2) : path;
}

}  // namespace

RowReader::RowReader(const ir::Program& program, bool jsonl, std::vector<std::string> header,
                     bool columnar)
    : p_(program), jsonl_(jsonl), columnar_(columnar), header_(std::move(header)) {
  for (size_t i = 0; i < program.inputs.size(); ++i)
    input_of_name_.emplace(program.inputs[i].name, static_cast<int>(i));
  for (const auto& column : header_) column_input_.push_back(input_of_name_.at(column));
}

void RowReader::read(Chunk& chunk) const {
  if (columnar_) {
    if (chunk.batch)
      chunk.batch->clear();
    else
      chunk.batch = std::make_unique<engine::Batch>(p_);
    chunk.batch->reserve(
        static_cast<size_t>(std::count(chunk.bytes.begin(), chunk.bytes.end(), '\n')) + 1);
  }
  if (!chunk.skipped.empty()) {
    add_error(chunk, "", chunk.skipped);
    return;
  }
  if (jsonl_)
    read_jsonl(chunk);
  else
    read_csv(chunk);
}

void RowReader::add_error(Chunk& chunk, std::string column, std::string message) const {
  chunk.errors.push_back(RowError{std::move(column), std::move(message)});
  chunk.rows.push_back(-static_cast<int32_t>(chunk.errors.size()));
}

// Converts the cells read for one row into a batch row, or returns false when the row needs
// the general reader (a cell it rejects, a required input missing).
static bool commit(const ir::Program& p, std::vector<Cell>& cells, Chunk& chunk) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].state == Cell::Absent && !p.inputs[i].default_value) return false;
  }
  for (size_t i = 0; i < cells.size(); ++i) {
    switch (cells[i].state) {
      case Cell::Absent:
        chunk.batch->push_absent(i);
        break;
      case Cell::Scalar:
        chunk.batch->push_scalar(i, cells[i].scalar);
        break;
      case Cell::List:
        chunk.batch->push_list(i, cells[i].list.data(), cells[i].elements);
        break;
      case Cell::Boxed:
        chunk.batch->push_value(i, cells[i].value);
        break;
    }
  }
  chunk.batch->end_row();
  chunk.rows.push_back(static_cast<int32_t>(chunk.batch->rows() - 1));
  return true;
}

void RowReader::read_csv(Chunk& chunk) const {
  char* data = chunk.bytes.data();
  const size_t size = chunk.bytes.size();
  size_t pos = 0, line = chunk.first_line;
  CsvRecord record;
  std::vector<Cell> cells(p_.inputs.size());
  std::vector<inputs::InputError> errors;
  while (pos < size) {
    parse_csv_record(data, size, pos, line, record);
    if (is_blank(record)) continue;
    if (!record.error.empty()) {
      add_error(chunk, "", fmt::format("line {}: {}", record.line, record.error));
      continue;
    }
    if (record.fields.size() != header_.size()) {
      add_error(chunk, "",
                fmt::format("line {}: {} fields, but the header has {}", record.line,
                            record.fields.size(), header_.size()));
      continue;
    }
    if (!columnar_) {
      general_csv_row(record, chunk);
      continue;
    }
    for (auto& c : cells) c.state = Cell::Absent;
    bool ok = true;
    for (size_t c = 0; c < record.fields.size() && ok; ++c) {
      const std::string_view text = record.fields[c];
      if (text.empty()) continue;  // an empty cell leaves the input unset
      const auto i = static_cast<size_t>(column_input_[c]);
      const ir::Type type = p_.inputs[i].type;
      if (fast_csv_scalar(p_, type, text, cells[i].scalar)) {
        cells[i].state = Cell::Scalar;
        continue;
      }
      if (type.is(ir::TypeKind::List) &&
          flat_list(p_, type, text, cells[i].list, cells[i].elements)) {
        cells[i].state = Cell::List;
        continue;
      }
      errors.clear();
      auto v = inputs::read_value(p_, type, csv_cell_json(text), "$." + p_.inputs[i].name, errors);
      ok = v.has_value();
      if (ok) cells[i].value = std::move(*v), cells[i].state = Cell::Boxed;
    }
    if (!ok || !commit(p_, cells, chunk)) general_csv_row(record, chunk);
  }
}

void RowReader::general_csv_row(const CsvRecord& record, Chunk& chunk) const {
  inputs::Json document;
  document.kind = inputs::Json::Kind::Object;
  for (size_t c = 0; c < header_.size(); ++c) {
    if (!record.fields[c].empty())
      document.members.emplace_back(header_[c], csv_cell_json(record.fields[c]));
  }
  general_document(document, chunk);
}

void RowReader::read_jsonl(Chunk& chunk) const {
  const std::string_view bytes = chunk.bytes;
  std::vector<Cell> cells(p_.inputs.size());
  std::vector<FlatField> fields;
  std::vector<inputs::InputError> errors;
  for (size_t start = 0; start < bytes.size();) {
    size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos)
      continue;  // blank lines are no rows
    if (!columnar_ || !flat_object(line, fields)) {
      general_json_line(line, chunk);
      continue;
    }
    for (auto& c : cells) c.state = Cell::Absent;
    bool ok = true;
    for (const auto& f : fields) {
      const auto it = input_of_name_.find(f.key);
      if (it == input_of_name_.end() ||
          cells[static_cast<size_t>(it->second)].state != Cell::Absent) {
        ok = false;  // an unknown or repeated key: the general reader words it
        break;
      }
      const auto i = static_cast<size_t>(it->second);
      const ir::Type type = p_.inputs[i].type;
      if (fast_scalar(p_, type, f.kind, f.text, cells[i].scalar)) {
        cells[i].state = Cell::Scalar;
        continue;
      }
      if (f.kind == CellKind::Nested && type.is(ir::TypeKind::List) &&
          flat_list(p_, type, f.text, cells[i].list, cells[i].elements)) {
        cells[i].state = Cell::List;
        continue;
      }
      auto j = json_of(f);
      errors.clear();
      auto v =
          j ? inputs::read_value(p_, type, *j, "$." + p_.inputs[i].name, errors) : std::nullopt;
      if (!v) {
        ok = false;
        break;
      }
      cells[i].value = std::move(*v), cells[i].state = Cell::Boxed;
    }
    if (!ok || !commit(p_, cells, chunk)) general_json_line(line, chunk);
  }
}

void RowReader::general_json_line(std::string_view line, Chunk& chunk) const {
  auto parsed = inputs::parse_json(line);
  if (auto* e = std::get_if<inputs::JsonError>(&parsed)) {
    // A carriage return inside a line that does not parse: lines ended by CR alone, most likely.
    const bool cr = line.find('\r') != std::string_view::npos;
    add_error(chunk, "", cr ? fmt::format("{} ({})", e->message, kCrOnlyHint) : e->message);
    return;
  }
  general_document(std::get<inputs::Json>(parsed), chunk);
}

void RowReader::general_document(const inputs::Json& document, Chunk& chunk) const {
  auto read = inputs::read_application(p_, document, true);
  if (!read.errors.empty()) {
    std::string message = read.errors.front().message;
    if (read.errors.size() > 1) message += fmt::format(" (and {} more)", read.errors.size() - 1);
    add_error(chunk, column_of(read.errors.front().path), std::move(message));
    return;
  }
  if (chunk.batch) {
    chunk.batch->append(read.app);
    chunk.rows.push_back(static_cast<int32_t>(chunk.batch->rows() - 1));
  } else {
    chunk.apps.push_back(std::move(read.app));
    chunk.rows.push_back(static_cast<int32_t>(chunk.apps.size() - 1));
  }
}

std::optional<std::string> csv_header_problem(const ir::Program& program,
                                              const std::vector<std::string>& header) {
  std::vector<std::string> names;
  for (const auto& in : program.inputs) names.push_back(in.name);
  for (size_t c = 0; c < header.size(); ++c) {
    if (std::find(header.begin(), header.begin() + static_cast<long>(c), header[c]) !=
        header.begin() + static_cast<long>(c)) {
      return fmt::format("the CSV header names the column \"{}\" twice", header[c]);
    }
  }
  std::vector<std::string> unknown, missing, computed;
  for (const auto& column : header) {
    if (std::find(names.begin(), names.end(), column) != names.end()) continue;
    if (auto why = inputs::computed_definition(program, column)) {
      computed.push_back(*why);
      continue;
    }
    auto best = diag::closest(column, names);
    unknown.push_back(best ? fmt::format("\"{}\" (did you mean \"{}\"?)", column, *best)
                           : fmt::format("\"{}\"", column));
  }
  for (const auto& in : program.inputs) {
    if (!in.default_value && std::find(header.begin(), header.end(), in.name) == header.end()) {
      missing.push_back(fmt::format("\"{}\"", in.name));
    }
  }
  if (unknown.empty() && missing.empty() && computed.empty()) return std::nullopt;
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
  };
  std::string problem = "the CSV header does not match the scheme's inputs:";
  if (!unknown.empty()) problem += "\n  unknown columns: " + join(unknown);
  if (!missing.empty())
    problem += "\n  missing columns (inputs without a default): " + join(missing);
  for (const auto& why : computed) problem += "\n  " + why;
  return problem;
}

}  // namespace bareme::scoring
