// RFC 4180 CSV, read as a stream of records: quoted fields with embedded commas, quotes and
// line breaks, CRLF or LF line ends, an optional UTF-8 byte order mark.
#pragma once

#include <istream>
#include <string>
#include <vector>

namespace bareme::scoring {

struct CsvRecord {
  std::vector<std::string> fields;
  size_t line = 0;     // the line where the record starts (1-based)
  std::string error;   // malformed quoting or bytes that are not UTF-8; fields are then partial
};

class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {}
  // Reads the next record; false at the end of the input.
  bool next(CsvRecord& record);

 private:
  int get();
  int peek();
  std::istream& in_;
  std::string buffer_;
  size_t position_ = 0;
  size_t line_ = 1;
  bool started_ = false;
};

// A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text);

}  // namespace bareme::scoring
