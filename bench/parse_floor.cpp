// The parse floor of `bareme score`: what simdjson alone spends per row of a file, against the
// time per row that a target rate leaves on the machine's cores (issue #19, docs/performance.md).
//
// usage: bareme-parse-floor [--rows N] [--cores C] FILE.jsonl|FILE.csv...
//
// JSON Lines: simdjson's stage 1 (On-Demand `iterate`, which finds every structural character)
// and its full DOM parse of each line. CSV: the On-Demand walk of every JSON list cell of a
// row (each member's key and value), the rest of the row not counted. Both use the kernel
// simdjson picks for this CPU at run time. The budget is the CPU time per row that the target
// (5 M rows/s from CSV, 3 M from JSON Lines) leaves on C cores; a share over 100 % means the
// parser alone, before any conversion, evaluation or writing, cannot reach the target here.
#include <fmt/format.h>
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace od = simdjson::ondemand;
using Clock = std::chrono::steady_clock;

// The cells of one CSV record (quoted cells unquoted); the bench's files have no line feed
// inside a cell.
std::vector<std::string> csv_cells(std::string_view line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"')
        cells.back() += c;
      else if (i + 1 < line.size() && line[i + 1] == '"')
        cells.back() += '"', ++i;
      else
        quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

// Walks every member of every element of a JSON list; false if it is not one.
bool walk_list(od::parser& parser, std::string& padded, const std::string& cell, size_t& sink) {
  std::memcpy(padded.data(), cell.data(), cell.size());
  od::document doc;
  if (parser.iterate(padded.data(), cell.size(), padded.size()).get(doc)) return false;
  od::array array;
  if (doc.get_array().get(array)) return false;
  for (auto element : array) {
    od::object object;
    if (element.get_object().get(object)) return false;
    for (auto member : object) {
      od::field field;
      if (std::move(member).get(field)) return false;
      sink += field.key().raw()[0] + field.value().raw_json_token().size();
    }
  }
  return true;
}

// The best of three runs of `pass`, in ns per row (the first run also warms caches and buffers).
template <class Pass>
double best_ns_per_row(size_t rows, Pass pass) {
  double best = 0;
  for (int run = 0; run < 3; ++run) {
    const auto t0 = Clock::now();
    if (!pass()) return -1;
    const double ns = std::chrono::duration<double, std::nano>(Clock::now() - t0).count() /
                      static_cast<double>(rows);
    if (run == 0 || ns < best) best = ns;
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  size_t max_rows = 200000;
  double cores = 2;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rows" && i + 1 < argc)
      max_rows = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--cores" && i + 1 < argc)
      cores = std::strtod(argv[++i], nullptr);
    else if (a.starts_with("-"))
      return std::fprintf(stderr, "usage: %s [--rows N] [--cores C] FILE...\n", argv[0]), 2;
    else
      files.push_back(a);
  }
  if (files.empty() || max_rows == 0)
    return std::fprintf(stderr, "usage: %s [--rows N] [--cores C] FILE...\n", argv[0]), 2;
  fmt::print(
      "simdjson kernel: {}; budget: CPU time per row on {} cores at 5 M rows/s (CSV) or 3 M rows/s "
      "(JSON Lines)\n\n",
      simdjson::get_active_implementation()->name(), cores);
  fmt::print("{:<28} {:>7} {:>8} {:>12} {:>12} {:>10} {:>9}\n", "file", "rows", "B/row", "stage 1",
             "full parse", "budget", "share");
  od::parser parser;
  simdjson::dom::parser dom;
  std::string padded(simdjson::SIMDJSON_PADDING, ' ');
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::fprintf(stderr, "cannot read %s\n", path.c_str()), 2;
    const bool jsonl = path.ends_with(".jsonl");
    std::vector<std::string> rows;
    size_t bytes = 0;
    std::string line;
    if (!jsonl) std::getline(in, line);  // the header
    while (rows.size() < max_rows && std::getline(in, line)) {
      bytes += line.size() + 1;
      if (padded.size() < line.size() + simdjson::SIMDJSON_PADDING)
        padded.resize(line.size() + simdjson::SIMDJSON_PADDING, ' ');
      rows.push_back(std::move(line));
    }
    if (rows.empty()) return std::fprintf(stderr, "%s has no rows\n", path.c_str()), 2;
    size_t sink = 0;
    std::string stage1 = "-", full;
    const double budget = cores * 1e9 / (jsonl ? 3e6 : 5e6);
    double floor_ns = 0;
    if (jsonl) {
      const double s1 = best_ns_per_row(rows.size(), [&] {
        for (const auto& r : rows) {
          std::memcpy(padded.data(), r.data(), r.size());
          od::document doc;
          if (parser.iterate(padded.data(), r.size(), padded.size()).get(doc)) return false;
          sink += doc.current_location().error() == simdjson::SUCCESS;
        }
        return true;
      });
      floor_ns = best_ns_per_row(rows.size(), [&] {
        for (const auto& r : rows) {
          std::memcpy(padded.data(), r.data(), r.size());
          simdjson::dom::element e;
          if (dom.parse(padded.data(), r.size(), false).get(e)) return false;
          sink += e.is_object();
        }
        return true;
      });
      stage1 = fmt::format("{:.0f} ns", s1);
    } else {
      std::vector<std::string> lists;  // the list cells, unquoted, before timing
      for (const auto& r : rows)
        for (auto& cell : csv_cells(r))
          if (cell.size() > 2 && cell[0] == '[') lists.push_back(std::move(cell));
      for (const auto& cell : lists)
        if (padded.size() < cell.size() + simdjson::SIMDJSON_PADDING)
          padded.resize(cell.size() + simdjson::SIMDJSON_PADDING, ' ');
      floor_ns = best_ns_per_row(rows.size(), [&] {
        for (const auto& cell : lists)
          if (!walk_list(parser, padded, cell, sink)) return false;
        return true;
      });
    }
    if (floor_ns < 0) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(),
                   jsonl ? "a line is not JSON" : "a list cell is not a list of objects");
      return 2;
    }
    full = fmt::format("{:.0f} ns", floor_ns);
    const auto slash = path.find_last_of('/');
    fmt::print("{:<28} {:>7} {:>8} {:>12} {:>12} {:>7.0f} ns {:>8.0f}%\n",
               slash == std::string::npos ? path : path.substr(slash + 1), rows.size(),
               bytes / rows.size(), stage1, full, budget, 100 * floor_ns / budget);
    if (sink == 42) std::puts("");  // keeps the walks from being optimised away
  }
  fmt::print(
      "\nCSV: 'full parse' is the list cells' On-Demand walk per row; JSON Lines: the DOM "
      "parse.\n");
}
