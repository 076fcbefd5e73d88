// Formatting result and error rows.
#include "scoring/output.hpp"

#include <fmt/format.h>

#include "report/json_writer.hpp"
#include "runtime/errors.hpp"

namespace bareme::scoring {

void append_cents(std::string& out, int64_t cents) {
  const bool negative = cents < 0;
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  if (negative) out += '-';
  const fmt::format_int whole(magnitude / 100);
  out.append(whole.data(), whole.size());
  const auto fraction = static_cast<char>(magnitude % 100);
  out += '.';
  out += static_cast<char>('0' + fraction / 10);
  out += static_cast<char>('0' + fraction % 10);
}

RowFormat::RowFormat(const ir::Program& program, ir::Index scheme, bool jsonl,
                     const AidColumns& aids)
    : p_(program), scheme_(scheme), jsonl_(jsonl), aids_(aids.name), aid_index_(aids.index) {}

std::string RowFormat::header() const {
  if (jsonl_) return "";
  std::string out = "row,eligible,amount,failed,error";
  for (const auto& a : aids_) out += ',' + csv_field(a + " before") + ',' + csv_field(a + " after");
  return out + '\n';
}

void RowFormat::error_row(const RowError& e, std::string& out) const {
  if (jsonl_) {
    out += fmt::format(", \"error\": {}, \"column\": {}}}\n", report::json_escape(e.message),
                       report::json_escape(e.column));
    return;
  }
  out += ",,,,";
  out += csv_field(e.column.empty() ? e.message : e.column + ": " + e.message);
  out.append(aids_.size() * 2, ',');
  out += '\n';
}

void RowFormat::result_row(const engine::Outputs& o, size_t r, std::string& out,
                           std::unordered_map<uint64_t, std::string>& failed_texts,
                           std::string_view detail) const {
  if (o.error[r]) {
    std::string error(runtime::error_name(static_cast<runtime::ErrorCode>(o.error[r])));
    if (o.error[r] == static_cast<uint8_t>(runtime::ErrorCode::InputOutOfRange) && !detail.empty())
      (error += ": ") += detail;
    if (jsonl_) {
      out += fmt::format(", \"error\": {}}}\n", report::json_escape(error));
    } else {
      out += ",,,,";
      out += csv_field(error);
      out.append(aids_.size() * 2, ',');
      out += '\n';
    }
    return;
  }
  // Most populations fail few distinct sets of conditions; past kCachedSets the cell is built
  // for the row alone, so memory stays bounded when nearly every row differs.
  // A scheme of over 64 conditions (several words per row) is not cached.
  constexpr size_t kCachedSets = 4096;
  const uint64_t* words = o.failed_of(r);
  const bool cacheable = o.failed_words == 1;
  auto cached = cacheable ? failed_texts.find(words[0]) : failed_texts.end();
  std::string uncached;
  if (cached == failed_texts.end()) {
    const auto& scheme = p_.schemes[scheme_];
    std::string names;
    for (size_t k = 0; k < engine::refusal_slots(scheme); ++k) {
      if (engine::condition_failed(words, k))
        (names += names.empty() ? "" : "|") += engine::refusal_name(scheme, k);
    }
    uncached = jsonl_ ? report::json_escape(names) : csv_field(names);
    if (cacheable && failed_texts.size() < kCachedSets)
      cached = failed_texts.emplace(words[0], std::move(uncached)).first;
  }
  const std::string& failed = cached == failed_texts.end() ? uncached : cached->second;
  const bool eligible = o.eligible[r] != 0;
  if (jsonl_) {
    out += eligible ? ", \"eligible\": true, \"amount\": " : ", \"eligible\": false, \"amount\": ";
    append_cents(out, o.amount[r]);
    out += ", \"failed\": ";
    out += failed;
    out += ", \"aids\": {";
    for (size_t a = 0; a < aids_.size(); ++a) {
      out += fmt::format("{}{}: {{\"before\": ", a ? ", " : "", report::json_escape(aids_[a]));
      append_cents(out, o.aid_before[aid_index_[a]][r]);
      out += ", \"after\": ";
      append_cents(out, o.aid_after[aid_index_[a]][r]);
      out += '}';
    }
    out += "}}\n";
    return;
  }
  out += eligible ? ",true," : ",false,";
  append_cents(out, o.amount[r]);
  out += ',';
  out += failed;
  out += ',';
  for (size_t a = 0; a < aids_.size(); ++a) {
    out += ',';
    append_cents(out, o.aid_before[aid_index_[a]][r]);
    out += ',';
    append_cents(out, o.aid_after[aid_index_[a]][r]);
  }
  out += '\n';
}

}  // namespace bareme::scoring
