// RFC 4180 CSV over bytes in memory: quoted fields with embedded commas, quotes and line
// breaks, CRLF or LF line ends. A reader cuts a stream into blocks of whole records; workers
// parse the records of a block in place.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bareme::readers {

struct CsvRecord {
  std::vector<std::string_view> fields;  // views into the block, unescaped in place
  size_t line = 0;                       // the line where the record starts (1-based)
  std::string error;  // malformed quoting or bytes that are not UTF-8; fields are then partial
};

// Parses the record at `data[pos]`, advancing `pos` past its line end and `line` past its line
// breaks. Quoted fields are unescaped in place, so `data` must outlive `record.fields`.
void parse_csv_record(char* data, size_t size, size_t& pos, size_t& line, CsvRecord& record);

// True when the record holds a single empty field: a blank line, which is no row.
inline bool is_blank(const CsvRecord& r) {
  return r.error.empty() && r.fields.size() == 1 && r.fields[0].empty();
}

// The length of the longest prefix of `data` made of whole records (ending with a line break
// outside quotes). At the end of the input everything is whole. Quotes are paired 64 bytes at
// a time (csv_cut.cpp); a quote that opens or closes a field where RFC 4180 does not allow it
// sends the block to whole_records_by_bytes, the state machine of parse_csv_record.
size_t whole_records(std::string_view data);
size_t whole_records_by_bytes(std::string_view data);

// True when `data` has carriage returns but no line feed: lines ended by CR alone (classic Mac
// OS), which RFC 4180 does not know; the whole input would read as one record.
bool lines_end_with_cr_only(std::string_view data);
// What to tell the user then.
inline constexpr const char* kCrOnlyHint =
    "this file's lines end with CR only (classic Mac OS): convert them to LF or CRLF, for "
    "example with `tr '\\r' '\\n' < in.csv > out.csv`";

// A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text);

}  // namespace bareme::readers
