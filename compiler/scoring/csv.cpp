// A byte-at-a-time CSV state machine over a refillable buffer.
#include "scoring/csv.hpp"

#include "source/source_file.hpp"

namespace bareme::scoring {

int CsvReader::peek() {
  if (position_ == buffer_.size()) {
    buffer_.resize(1 << 16);
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.resize(static_cast<size_t>(in_.gcount()));
    position_ = 0;
    if (buffer_.empty()) return -1;
  }
  return static_cast<unsigned char>(buffer_[position_]);
}

int CsvReader::get() {
  const int c = peek();
  if (c >= 0) ++position_;
  return c;
}

bool CsvReader::next(CsvRecord& record) {
  record.fields.assign(1, std::string());
  record.error.clear();
  if (!started_) {
    started_ = true;
    // A UTF-8 byte order mark before the header is skipped.
    if (peek() == 0xEF) {
      get();
      if (peek() == 0xBB) get();
      if (peek() == 0xBF) get();
    }
  }
  if (peek() < 0) return false;
  record.line = line_;
  bool quoted = false, after_quote = false, field_started = false;
  while (true) {
    const int c = get();
    if (c < 0) {
      if (quoted) record.error = "a quoted field is not closed before the end of the input";
      break;
    }
    if (quoted) {
      if (c == '"') {
        if (peek() == '"') {
          get();
          record.fields.back() += '"';
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line_;
        record.fields.back() += static_cast<char>(c);
      }
      continue;
    }
    if (c == ',') {
      record.fields.emplace_back();
      after_quote = field_started = false;
      continue;
    }
    if (c == '\r' && peek() == '\n') continue;
    if (c == '\n') {
      ++line_;
      break;
    }
    if (c == '"' && !field_started && !after_quote) {
      quoted = true;
      field_started = true;
      continue;
    }
    if ((c == '"' || after_quote) && record.error.empty()) {
      record.error = c == '"' ? "a quote inside an unquoted field" : "text after the closing quote of a field";
    }
    field_started = true;
    record.fields.back() += static_cast<char>(c);
  }
  if (record.error.empty()) {
    for (const auto& f : record.fields) {
      if (!source::is_text(f)) {
        record.error = "a field is not UTF-8 text";
        break;
      }
    }
  }
  return true;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace bareme::scoring
