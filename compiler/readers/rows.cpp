// Reading blocks of CSV records and JSON lines: the fast path per cell, the general reader of
// `bareme eval` for rows it does not take, so both paths agree on values and on errors.
#include "readers/rows.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "inputs/application.hpp"
#include "readers/blocks.hpp"
#include "readers/cells.hpp"
#include "readers/flat_json.hpp"
#include "readers/simd_list.hpp"

namespace bareme::readers {
namespace {

std::string column_of(const std::string& path) {
  return path.rfind("$.", 0) == 0 ? path.substr(2) : path;
}

}  // namespace

RowReader::RowReader(const ir::Program& program, bool jsonl, std::vector<std::string> header,
                     bool columnar, bool strict)
    : p_(program), jsonl_(jsonl), columnar_(columnar), strict_(strict), header_(std::move(header)) {
  for (size_t i = 0; i < program.inputs.size(); ++i)
    input_of_name_.emplace(program.inputs[i].name, static_cast<int>(i));
  for (const auto& r : program.rules) {
    if (!input_of_name_.count(r.name)) computed_.insert(r.name);
  }
  std::vector<bool> headed(program.inputs.size(), false);
  for (const auto& column : header_) {
    const auto it = input_of_name_.find(column);
    column_input_.push_back(it == input_of_name_.end() ? -1 : it->second);
    if (it != input_of_name_.end()) headed[static_cast<size_t>(it->second)] = true;
  }
  for (size_t i = 0; i < headed.size(); ++i) {
    if (!headed[i]) unheaded_inputs_.push_back(i);
  }
}

void RowReader::read(Chunk& chunk) const {
  if (columnar_) {
    if (chunk.batch)
      chunk.batch->clear();
    else
      chunk.batch = std::make_unique<engine::Batch>(p_);
    chunk.batch->reserve((chunk.lines ? *chunk.lines : count_lines(chunk.bytes)) + 1);
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

void RowReader::read_csv(Chunk& chunk) const {
  char* data = chunk.bytes.data();
  const size_t size = chunk.bytes.size();
  size_t pos = 0, line = chunk.first_line;
  CsvRecord record;
  std::vector<int64_t> list;  // a list cell's field scalars, element by element
  size_t elements = 0;
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
    // Each cell goes straight to its column (a header names an input once); a row the fast
    // path cannot finish is taken back from the columns and read by the general reader.
    engine::Batch& batch = *chunk.batch;
    bool ok = true;
    for (size_t c = 0; c < record.fields.size() && ok; ++c) {
      if (column_input_[c] < 0) continue;
      const std::string_view text = record.fields[c];
      const auto i = static_cast<size_t>(column_input_[c]);
      if (text.empty()) {  // an empty cell leaves the input unset
        batch.push_absent(i);
        continue;
      }
      const ir::Type type = p_.inputs[i].type;
      int64_t scalar = 0;
      if (fast_csv_scalar(p_, type, text, scalar)) {
        batch.push_scalar(i, scalar);
        continue;
      }
      if (type.is(ir::TypeKind::List) && simd_list(p_, type, text, list, elements)) {
        batch.push_list(i, list.data(), elements);
        continue;
      }
      errors.clear();
      auto v = inputs::read_value(p_, type, csv_cell_json(text), "$." + p_.inputs[i].name, errors);
      ok = v.has_value();
      if (ok) batch.push_value(i, *v);
    }
    if (!ok) {
      batch.drop_partial_row();
      general_csv_row(record, chunk);
      continue;
    }
    // An input left out is absent: the engine decides without it when it can
    // (docs/semantics.md §3.12), else the row is MissingInput.
    for (const size_t i : unheaded_inputs_) batch.push_absent(i);
    batch.end_row();
    chunk.rows.push_back(static_cast<int32_t>(batch.rows() - 1));
  }
}

void RowReader::general_csv_row(const CsvRecord& record, Chunk& chunk) const {
  inputs::Json document;
  document.kind = inputs::Json::Kind::Object;
  for (size_t c = 0; c < header_.size(); ++c) {
    if (record.fields[c].empty() || column_input_[c] < 0) continue;
    // A list or record cell that is not JSON is said so (read as a text, it would be "found a
    // string"); a text that merely starts with `[` or `{` is still a text.
    const std::string_view cell = record.fields[c];
    const ir::Type type = p_.inputs[static_cast<size_t>(column_input_[c])].type;
    const bool nested = type.is(ir::TypeKind::List) || type.is(ir::TypeKind::Record);
    if (nested && csv_cell_kind(cell) == CellKind::Nested) {
      const auto parsed = inputs::parse_json(std::string(cell));
      if (const auto* e = std::get_if<inputs::JsonError>(&parsed)) {
        add_error(chunk, header_[c], e->message);
        return;
      }
    }
    document.members.emplace_back(header_[c], csv_cell_json(cell));
  }
  general_document(document, chunk);
}

void RowReader::read_jsonl(Chunk& chunk) const {
  const std::string_view bytes = chunk.bytes;
  std::vector<FlatField> fields;
  std::vector<int64_t> list;  // a list member's field scalars, element by element
  size_t elements = 0;
  std::vector<inputs::InputError> errors;
  std::vector<std::string_view> ignored;  // the row's members naming no input
  // The row that last set each input: a member repeated in one row is the general reader's.
  std::vector<size_t> set_in_row(p_.inputs.size(), 0);
  size_t row = 0;
  // The input each member named in the rows before, by position: rows written by one program
  // name their members in the same order, so most keys are found by a comparison, not a hash.
  std::vector<std::pair<std::string_view, int>> seen;
  for (size_t start = 0; start < bytes.size();) {
    size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(start, end - start);
    start = end + 1;
    if (is_blank_line(line)) continue;  // blank lines are no rows
    if (line.back() == '\r') line.remove_suffix(1);
    if (!columnar_ || !flat_object(line, fields)) {
      general_json_line(line, chunk);
      continue;
    }
    // Each member goes straight to its column; a row the fast path cannot finish is taken back
    // from the columns and read by the general reader.
    engine::Batch& batch = *chunk.batch;
    ++row;
    ignored.clear();
    bool ok = true;
    for (size_t m = 0; m < fields.size(); ++m) {
      const auto& f = fields[m];
      int input = -1;
      if (m < seen.size() && seen[m].first == f.key) {
        input = seen[m].second;
      } else if (const auto it = input_of_name_.find(f.key); it != input_of_name_.end()) {
        input = it->second;
        if (seen.size() <= m) seen.resize(m + 1);
        seen[m] = {it->first, input};
      }
      if (input < 0 && !strict_ && !computed_.count(f.key)) {
        // A nested value is only bracket-matched here: the general reader checks that an
        // ignored array or object is JSON too, as it does for every other member.
        if (f.kind == CellKind::Nested) {
          ok = false;
          break;
        }
        ignored.push_back(f.key);
        continue;
      }
      if (input < 0 || set_in_row[static_cast<size_t>(input)] == row) {
        ok = false;  // an unknown or repeated key: the general reader words it
        break;
      }
      const auto i = static_cast<size_t>(input);
      set_in_row[i] = row;
      const ir::Type type = p_.inputs[i].type;
      int64_t scalar = 0;
      if (fast_scalar(p_, type, f.kind, f.text, scalar)) {
        batch.push_scalar(i, scalar);
        continue;
      }
      if (f.kind == CellKind::Nested && type.is(ir::TypeKind::List) &&
          simd_list(p_, type, f.text, list, elements)) {
        batch.push_list(i, list.data(), elements);
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
      batch.push_value(i, *v);
    }
    if (!ok) {
      batch.drop_partial_row();
      general_json_line(line, chunk);
      continue;
    }
    for (size_t i = 0; i < set_in_row.size(); ++i) {
      if (set_in_row[i] != row) batch.push_absent(i);
    }
    batch.end_row();
    chunk.rows.push_back(static_cast<int32_t>(batch.rows() - 1));
    for (const auto key : ignored) chunk.ignored.add(chunk.rows.size() - 1, key);
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
  auto read = inputs::read_application(
      p_, document, false,
      strict_ ? inputs::UnknownMembers::Error : inputs::UnknownMembers::Ignore);
  for (const auto& name : read.ignored) chunk.ignored.add(chunk.rows.size(), name);
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

}  // namespace bareme::readers
