// Formatting result and error rows.
#include "scoring/output.hpp"

#include <fmt/format.h>

#include "interp/interp.hpp"
#include "report/json_writer.hpp"
#include "runtime/errors.hpp"
#include "runtime/output_words.hpp"
#include "runtime/wide.hpp"

namespace bareme::scoring {

void append_cents(std::string& out, int64_t cents) {
  // Written backwards into a buffer, then appended at once: rows hold many amounts.
  char buffer[24];
  char* end = buffer + sizeof buffer;
  char* p = end;
  const bool negative = cents < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  *--p = static_cast<char>('0' + magnitude % 10);
  magnitude /= 10;
  *--p = static_cast<char>('0' + magnitude % 10);
  magnitude /= 10;
  *--p = '.';
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  if (negative) *--p = '-';
  out.append(p, static_cast<size_t>(end - p));
}

// The decimals of a number type's word at rest (0 for Bool and Int), or -1 for other types.
static int plain_scale(ir::Type type) {
  switch (type.kind) {
    case ir::TypeKind::Money: return 2;
    case ir::TypeKind::Int:
    case ir::TypeKind::Bool: return 0;
    case ir::TypeKind::Decimal:
    case ir::TypeKind::Rate:
    case ir::TypeKind::Quantity: return runtime::kDecimalDigits;
    default: return -1;
  }
}

void append_mask(std::string& out, const uint64_t* words, size_t count) {
  size_t top = count;
  while (top > 1 && words[top - 1] == 0) --top;
  out += fmt::format("{:x}", top ? words[top - 1] : 0);
  for (size_t w = top - 1; top && w-- > 0;) out += fmt::format("{:016x}", words[w]);
}

RowFormat::RowFormat(const ir::Program& program, ir::Index scheme, bool jsonl,
                     const AidColumns& aids, std::vector<size_t> outputs, bool compact)
    : p_(program),
      scheme_(scheme),
      jsonl_(jsonl),
      compact_(compact),
      aids_(aids.name),
      aid_index_(aids.index),
      outputs_(std::move(outputs)) {
  for (const auto& a : aids_) aid_keys_.push_back(report::json_escape(a) + ": {\"before\": ");
  for (const auto& d : p_.schemes[scheme_].outputs)
    output_keys_.push_back(report::json_escape(d.name) + ": ");
}

std::string RowFormat::legend() const {
  const auto& scheme = p_.schemes[scheme_];
  std::string out = "legend of the failed column (a hexadecimal bitmask, --columns):\n";
  for (size_t k = 0; k < engine::refusal_slots(scheme); ++k) {
    std::vector<uint64_t> bit(k / 64 + 1, 0);
    bit[k / 64] = uint64_t{1} << (k % 64);
    std::string mask;
    append_mask(mask, bit.data(), bit.size());
    out += fmt::format("  bit {:>2} = {}: {}\n", k, mask, engine::refusal_name(scheme, k));
  }
  return out;
}

std::variant<std::vector<size_t>, std::string> output_columns(
    const ir::Scheme& scheme, const std::optional<std::vector<std::string>>& names) {
  std::vector<size_t> out;
  if (!names) {
    for (size_t k = 0; k < scheme.outputs.size(); ++k) out.push_back(k);
    return out;
  }
  for (const auto& name : *names) {
    for (const size_t earlier : out) {
      if (scheme.outputs[earlier].name == name) return fmt::format("`{}` is named twice", name);
    }
    size_t k = 0;
    while (k < scheme.outputs.size() && scheme.outputs[k].name != name) ++k;
    if (k == scheme.outputs.size()) {
      std::string declared;
      for (const auto& o : scheme.outputs) declared += (declared.empty() ? "" : ", ") + o.name;
      return fmt::format("`{}` is not an output of `{}` ({})", name, scheme.name,
                         declared.empty() ? "it declares none" : "it declares " + declared);
    }
    out.push_back(k);
  }
  return out;
}

std::string RowFormat::header() const {
  if (jsonl_) return "";
  std::string out = "row,eligible,amount,failed,error";
  for (const auto& a : aids_)
    out += ',' + readers::csv_field(a + " before") + ',' + readers::csv_field(a + " after");
  for (size_t k : outputs_) out += ',' + readers::csv_field(p_.schemes[scheme_].outputs[k].name);
  return out + '\n';
}

void RowFormat::output_cells(const engine::Outputs& o, size_t r, std::string& out) const {
  const auto& declared = p_.schemes[scheme_].outputs;
  if (jsonl_ && !outputs_.empty()) out += ", \"outputs\": {";
  bool first = true;
  // What comes before output k's value: its key in JSON Lines, a comma in CSV.
  auto begin_cell = [&](size_t k) {
    if (jsonl_) {
      out += first ? "" : ", ";
      first = false;
      out += output_keys_[k];
    } else {
      out += ',';
    }
  };
  for (size_t k : outputs_) {
    const auto& d = declared[k];
    const uint8_t code = o.output_errors[k][r];
    // Numbers and booleans at rest are one word: written straight, as plain_value would, and
    // unquoted in both formats.
    const int scale = code || d.layout() != runtime::OutputLayout::Scalar ? -1 : plain_scale(d.value->type);
    if (scale >= 0) {
      begin_cell(k);
      const int64_t word = o.output_words[k][2 * r];
      if (d.value->type.is(ir::TypeKind::Money))
        append_cents(out, word);
      else if (d.value->type.is(ir::TypeKind::Bool))
        out += word ? "true" : "false";
      else
        runtime::append_scaled(out, word, scale, 0);
      continue;
    }
    // An exact intermediate of a number type: its text as plain_value writes it, unquoted.
    if (!code && d.layout() == runtime::OutputLayout::Wide && interp::plain_is_number(d.value->type)) {
      begin_cell(k);
      const auto low = static_cast<uint64_t>(o.output_words[k][2 * r]);
      const auto high = static_cast<uint64_t>(o.output_words[k][2 * r + 1]);
      runtime::append_wide_text(
          out, static_cast<runtime::Wide>((static_cast<unsigned __int128>(high) << 64) | low),
          d.value->type.is(ir::TypeKind::Money) ? 2 : 0);
      continue;
    }
    std::string cell;
    if (code) {
      cell = runtime::error_name(static_cast<runtime::ErrorCode>(code));
    } else {
      const int64_t words[2] = {o.output_words[k][2 * r], o.output_words[k][2 * r + 1]};
      const auto value =
          runtime::output_value(d.layout(), d.value->type.is(ir::TypeKind::Text), words);
      cell = interp::plain_value(p_, d.value->type, value);
    }
    begin_cell(k);
    if (!jsonl_) {
      out += readers::csv_field(cell);
    } else if (code) {
      out += fmt::format("{{\"error\": {}}}", report::json_escape(cell));
    } else if (interp::plain_is_number(d.value->type)) {
      out += cell;
    } else if (d.value->type.is(ir::TypeKind::Bool)) {
      out += cell;
    } else {
      out += report::json_escape(cell);
    }
  }
  if (jsonl_ && !outputs_.empty()) out += '}';
}

void RowFormat::error_row(const readers::RowError& e, std::string& out) const {
  if (jsonl_) {
    out += fmt::format(", \"error\": {}, \"column\": {}}}\n", report::json_escape(e.message),
                       report::json_escape(e.column));
    return;
  }
  out += ",,,,";
  out += readers::csv_field(e.column.empty() ? e.message : e.column + ": " + e.message);
  out.append(aids_.size() * 2 + outputs_.size(), ',');
  out += '\n';
}

void RowFormat::result_row(const engine::Outputs& o, size_t r, std::string& out,
                           std::unordered_map<uint64_t, std::string>& failed_texts,
                           std::string_view detail) const {
  if (o.error[r]) {
    std::string error(runtime::error_name(static_cast<runtime::ErrorCode>(o.error[r])));
    if (!detail.empty()) (error += ": ") += detail;
    if (jsonl_) {
      out += fmt::format(", \"error\": {}", report::json_escape(error));
      output_cells(o, r, out);
      out += "}\n";
    } else {
      out += ",,,,";
      out += readers::csv_field(error);
      out.append(aids_.size() * 2, ',');
      output_cells(o, r, out);
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
  if (cached == failed_texts.end() && compact_) {
    std::string mask;
    append_mask(mask, words, o.failed_words);
    uncached = jsonl_ ? '"' + mask + '"' : mask;
    if (cacheable && failed_texts.size() < kCachedSets)
      cached = failed_texts.emplace(words[0], std::move(uncached)).first;
  } else if (cached == failed_texts.end()) {
    const auto& scheme = p_.schemes[scheme_];
    std::string names;
    for (size_t k = 0; k < engine::refusal_slots(scheme); ++k) {
      if (engine::condition_failed(words, k))
        (names += names.empty() ? "" : "|") += engine::refusal_name(scheme, k);
    }
    uncached = jsonl_ ? report::json_escape(names) : readers::csv_field(names);
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
      if (a) out += ", ";
      out += aid_keys_[a];  // `"name": {"before": `, escaped once
      append_cents(out, o.aid_before[aid_index_[a]][r]);
      out += ", \"after\": ";
      append_cents(out, o.aid_after[aid_index_[a]][r]);
      out += '}';
    }
    out += '}';
    output_cells(o, r, out);
    out += "}\n";
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
  output_cells(o, r, out);
  out += '\n';
}

}  // namespace bareme::scoring
