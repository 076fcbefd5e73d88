// Input rows for scoring: a block of CSV records or JSON lines becomes a chunk, with the good
// rows in a columnar batch (or as applications for the interpreter) and an error per bad row.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/batch.hpp"
#include "inputs/json.hpp"
#include "interp/interp.hpp"
#include "ir/ir.hpp"
#include "readers/csv.hpp"
#include "readers/unknown_names.hpp"

namespace bareme::readers {

// True when a JSON Lines line holds only spaces and tabs (after an optional CR): no row.
inline bool is_blank_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

// A bad input row: the column or JSON path at fault, and why.
struct RowError {
  std::string column;
  std::string message;
};

// One block of the input and what reading it produced.
struct Chunk {
  std::string bytes;      // whole CSV records or whole lines
  size_t first_line = 1;  // the line number of the block's first byte
  // The line feeds in `bytes` when the block reader counted them (sizes the batch's columns).
  std::optional<size_t> lines;
  // Set for a record too long to read: the block is empty and this is its one error row.
  std::string skipped;
  // Per data row in order: the index of its result (>= 0), or -(1 + index into `errors`).
  std::vector<int32_t> rows;
  std::vector<RowError> errors;
  IgnoredMembers ignored;                 // JSON Lines: members naming no input, by index in `rows`
  std::unique_ptr<engine::Batch> batch;   // good rows, for the JIT
  std::vector<interp::Application> apps;  // good rows, for the interpreter
  size_t good_rows() const { return batch ? batch->rows() : apps.size(); }
};

// Reads blocks of one input format against one program's inputs; shared by the worker threads.
class RowReader {
 public:
  // For CSV: `header` names the input of each column (checked by csv_header_problem); a column
  // naming no input is skipped. A JSON member naming no input is ignored and listed in
  // Chunk::ignored, or with `strict` makes its row an error row.
  RowReader(const ir::Program& program, bool jsonl, std::vector<std::string> header, bool columnar,
            bool strict = false);
  void read(Chunk& chunk) const;

 private:
  void read_csv(Chunk& chunk) const;
  void read_jsonl(Chunk& chunk) const;
  // A row the fast path could not take: read again in full by the general reader, so its
  // errors are exactly those of `bareme eval`.
  void general_csv_row(const CsvRecord& record, Chunk& chunk) const;
  void general_json_line(std::string_view line, Chunk& chunk) const;
  // An application document read by the general reader: a batch row, or the first error.
  void general_document(const inputs::Json& document, Chunk& chunk) const;
  void add_error(Chunk& chunk, std::string column, std::string message) const;

  const ir::Program& p_;
  bool jsonl_;
  bool columnar_;
  bool strict_;
  std::vector<std::string> header_;
  std::vector<int> column_input_;  // CSV column -> input index, -1 for a column ignored
  std::vector<size_t> unheaded_inputs_;  // CSV: the inputs no column names, unset in every row
  std::unordered_map<std::string_view, int> input_of_name_;
  std::unordered_set<std::string_view> computed_;  // definitions a situation cannot give
};

}  // namespace bareme::readers
