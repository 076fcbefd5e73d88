// POST /schemes/{name}/score: CSV or NDJSON read in blocks of whole rows, each scored by
// bareme_score_text.
#include <fmt/format.h>

#include <memory>

#include "service.hpp"

namespace bareme::serve {
namespace {

constexpr size_t kBlockBytes = 256 << 10;

// "csv", "jsonl", or "" when neither the query nor the Content-Type says.
std::string format_of(const httplib::Request& req) {
  std::string format = req.get_param_value("format");
  if (format == "ndjson" || format == "json-lines") format = "jsonl";
  if (!format.empty()) return format;
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("text/csv", 0) == 0) return "csv";
  if (type.rfind("application/x-ndjson", 0) == 0 || type.rfind("application/jsonl", 0) == 0 ||
      type.rfind("application/json-lines", 0) == 0)
    return "jsonl";
  return "";
}

// Where the record starting at `start` ends: its '\n', or npos. In CSV a newline inside a quoted
// field ends nothing (RFC 4180: a doubled quote inside one toggles twice); JSON Lines have none.
size_t record_end(std::string_view text, size_t start, bool csv) {
  if (!csv) return text.find('\n', start);
  bool quoted = false;
  for (size_t i = start; i < text.size(); ++i) {
    if (text[i] == '"') quoted = !quoted;
    if (text[i] == '\n' && !quoted) return i;
  }
  return std::string_view::npos;
}

// One past the '\n' of the last whole record of `text`, or npos when there is none.
size_t whole_records_end(std::string_view text, bool csv) {
  size_t end = std::string_view::npos;
  for (size_t at = record_end(text, 0, csv); at != std::string_view::npos;
       at = record_end(text, at + 1, csv))
    end = at + 1;
  return end;
}

size_t count_rows(std::string_view text, bool csv) {
  size_t rows = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = record_end(text, start, csv);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) ++rows;
    start = end + 1;
  }
  return rows;
}

// Appends the rows of one block's output with their row numbers (each block counts from 1)
// moved on by `offset`: the CSV's first column, JSON Lines' leading "row" member.
void append_renumbered(std::string& out, std::string_view text, size_t offset) {
  if (offset == 0) return void(out.append(text));
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(start, end - start);
    start = end;
    size_t digits = 0;
    if (line.rfind("{\"row\": ", 0) == 0)
      digits = 8;
    else if (line.rfind("{\"row\":", 0) == 0)
      digits = 7;
    const size_t first = digits;
    while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
    if (digits == first || digits >= line.size() || (line[digits] != ',' && line[digits] != '}')) {
      out.append(line);
      continue;
    }
    out.append(line.substr(0, first));
    out.append(
        std::to_string(std::stoull(std::string(line.substr(first, digits - first))) + offset));
    out.append(line.substr(digits));
  }
}

// The state of one /score request between blocks.
struct Scoring {
  Service& service;
  const LoadedScheme& scheme;
  std::string format, as_of, header, pending, output;
  size_t rows = 0, bytes = 0;
  bool have_header = false, first_block = true;
  int status = 200;
  std::string code, message;

  bool fail(int http, std::string c, std::string m) {
    status = http, code = std::move(c), message = std::move(m);
    return false;
  }

  // Scores the whole rows of `rows_text` (for CSV, without its header line).
  bool score(std::string_view rows_text, bool header_only = false) {
    if (rows_text.empty() && !header_only) return true;
    const size_t n = count_rows(rows_text, format == "csv");
    if (rows + n > service.options.max_rows)
      return fail(413, "too_many_rows",
                  fmt::format("more than {} rows in one request", service.options.max_rows));
    std::string block;
    if (format == "csv") block = header;
    block.append(rows_text);
    bareme_options options{};
    if (!as_of.empty()) options.as_of = as_of.c_str();
    options.threads = 1;
    char* out = nullptr;
    size_t out_length = 0;
    bareme_error* error = nullptr;
    const bareme_status s = bareme_score_text(scheme.scheme, format.c_str(), block.data(),
                                              block.size(), &options, &out, &out_length, &error);
    if (s != BAREME_OK) {
      const auto [http, c] = status_of(s);
      fail(http, c, error ? bareme_error_message(error) : "the rows could not be scored");
      bareme_error_free(error);
      return false;
    }
    std::string_view text(out, out_length);
    if (format == "csv" && !first_block) {  // every block's output repeats the header line
      const size_t eol = text.find('\n');
      text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    }
    append_renumbered(output, text, rows);
    bareme_free(out);
    first_block = false;
    rows += n;
    service.metrics.add_rows(n);
    return true;
  }

  // Takes one chunk of the body; scores the whole rows once a block is full.
  bool take(const char* data, size_t length, bool last) {
    bytes += length;
    if (bytes > service.options.max_score_bytes)
      return fail(413, "body_too_large",
                  fmt::format("the body is over {} bytes", service.options.max_score_bytes));
    pending.append(data, length);
    if (format == "csv" && !have_header) {
      const size_t eol = record_end(pending, 0, true);
      if (eol == std::string::npos && !last) return true;
      if (eol == std::string::npos) {  // a header without rows nor a final newline
        header = pending + "\n";
        pending.clear();
        have_header = true;
        return true;
      }
      header = pending.substr(0, eol + 1);
      pending.erase(0, eol + 1);
      have_header = true;
    }
    if (!last && pending.size() < kBlockBytes) return true;
    size_t cut = last ? pending.size() : whole_records_end(pending, format == "csv");
    if (cut == std::string::npos) return true;  // one row longer than a block: wait for its end
    if (last && !pending.empty() && pending.back() != '\n') pending.push_back('\n'), ++cut;
    const bool ok = score(std::string_view(pending).substr(0, cut));
    pending.erase(0, cut);
    return ok;
  }
};

}  // namespace

void handle_score(Service& service, const LoadedScheme& scheme, const httplib::Request& req,
                  httplib::Response& res, const httplib::ContentReader& reader) {
  Scoring scoring{service,
                  scheme,
                  format_of(req),
                  req.get_param_value("as_of"),
                  {},
                  {},
                  {},
                  0,
                  0,
                  false,
                  true,
                  200,
                  {},
                  {}};
  if (scoring.format != "csv" && scoring.format != "jsonl") {
    send_error(
        res, 415, "unsupported_format",
        "send rows as text/csv or application/x-ndjson, or say ?format=csv or ?format=jsonl");
    res.set_header("Connection", "close");
    return;
  }
  const bool read =
      reader([&](const char* data, size_t length) { return scoring.take(data, length, false); });
  if (read && scoring.status == 200) scoring.take("", 0, true);
  if (scoring.status != 200 || !read) {
    if (scoring.status == 200) scoring.fail(400, "bad_request", "the body could not be read");
    send_error(res, scoring.status, scoring.code, scoring.message);
    res.set_header("Connection", "close");
    return;
  }
  if (scoring.format == "csv" && scoring.first_block && scoring.have_header &&
      !scoring.score("", true)) {
    send_error(res, scoring.status, scoring.code, scoring.message);
    return;
  }
  auto output = std::make_shared<std::string>(std::move(scoring.output));
  res.set_header("X-Rows", std::to_string(scoring.rows));
  res.set_chunked_content_provider(scoring.format == "csv" ? "text/csv" : "application/x-ndjson",
                                   [output](size_t offset, httplib::DataSink& sink) {
                                     if (offset >= output->size()) {
                                       sink.done();
                                       return true;
                                     }
                                     const size_t n =
                                         std::min<size_t>(64 << 10, output->size() - offset);
                                     return sink.write(output->data() + offset, n);
                                   });
}

}  // namespace bareme::serve
