// Formatting the rows of `score --all`.
#include "scoring/catalogue_format.hpp"

#include <fmt/format.h>

#include "report/json_writer.hpp"
#include "runtime/errors.hpp"
#include "readers/csv.hpp"
#include "scoring/output.hpp"

namespace bareme::scoring {
namespace {

std::string_view error_name(uint8_t code) {
  return runtime::error_name(static_cast<runtime::ErrorCode>(code));
}

// The first refusal slot set in a scheme's failed words, or refusal_slots when none is.
size_t first_refusal(const ir::Scheme& s, const uint64_t* words) {
  const size_t slots = engine::refusal_slots(s);
  for (size_t k = 0; k < slots; ++k)
    if (engine::condition_failed(words, k)) return k;
  return slots;
}

}  // namespace

std::string total_error(const Catalogue& c, const std::vector<engine::Outputs>& o,
                        const RowTotals& t, size_t r, std::string_view detail) {
  const uint32_t e = t.error[r];
  if (e == 0) return "";
  if (e == RowTotals::kTotalOverflow) return "total: Overflow";
  const ir::Index l = e - 1;
  const uint8_t code = o[c.schemes() + l].error[r];
  std::string out = fmt::format("{}: {}", c.level_name(l), error_name(code));
  if (code == static_cast<uint8_t>(runtime::ErrorCode::InputOutOfRange) && !detail.empty())
    (out += ": ") += detail;
  return out;
}

CatalogueFormat::CatalogueFormat(const Catalogue& c, bool jsonl, bool columns)
    : c_(c), jsonl_(jsonl), columns_(columns) {
  const ir::Program& p = c.program();
  for (const auto& s : p.schemes) {
    scheme_names_.push_back(s.name);
    scheme_keys_.push_back(quoted(s.name));
    std::vector<std::string> slots;
    for (size_t k = 0; k < engine::refusal_slots(s); ++k)
      slots.push_back(quoted(engine::refusal_name(s, k)));
    refusals_.push_back(std::move(slots));
  }
  for (ir::Index l = 0; l < p.levels.size(); ++l) level_keys_.push_back(quoted(c.level_name(l)));
}

std::string CatalogueFormat::quoted(const std::string& text) const {
  return jsonl_ ? report::json_escape(text) : readers::csv_field(text);
}

std::string CatalogueFormat::header() const {
  if (jsonl_) return "";
  std::string out = "row";
  for (const ir::Index l : c_.shown_levels()) out += ',' + readers::csv_field(c_.level_name(l) + ".amount");
  if (c_.has_levels()) out += ",total";
  out += ",applicable,undecided,error";
  if (columns_) {
    for (const auto& name : scheme_names_) {
      out += ',' + readers::csv_field(name + ".eligible") + ',' + readers::csv_field(name + ".amount") + ',' +
             readers::csv_field(name + ".refusal");
    }
  }
  return out + '\n';
}

void CatalogueFormat::error_row(const readers::RowError& e, std::string& out) const {
  if (jsonl_) {
    out += fmt::format(", \"error\": {}, \"column\": {}}}\n", report::json_escape(e.message),
                       report::json_escape(e.column));
    return;
  }
  out.append(c_.shown_levels().size() + (c_.has_levels() ? 1 : 0), ',');
  out += ",,,";
  out += readers::csv_field(e.column.empty() ? e.message : e.column + ": " + e.message);
  if (columns_) out.append(3 * scheme_names_.size(), ',');
  out += '\n';
}

void CatalogueFormat::result_row(const std::vector<engine::Outputs>& o, const RowTotals& t,
                                 size_t r, std::string& out, std::string_view detail) const {
  const ir::Program& p = c_.program();
  const size_t schemes = c_.schemes();
  std::string applicable, undecided;
  auto add = [&](std::string& list, size_t s) {
    if (jsonl_)
      (list += list.empty() ? "" : ", ") += scheme_keys_[s];
    else
      (list += list.empty() ? "" : ";") += scheme_names_[s];
  };
  for (auto [s, end] = t.named_of(r); s != end; ++s) add(o[*s].error[r] ? undecided : applicable, *s);
  const std::string error = total_error(c_, o, t, r, detail);
  if (jsonl_) {
    if (c_.has_levels()) {
      out += ", \"levels\": {";
      bool first = true;
      for (const ir::Index l : c_.shown_levels()) {
        out += first ? "" : ", ";
        first = false;
        out += level_keys_[l];
        out += ": ";
        const auto& lo = o[schemes + l];
        if (lo.error[r])
          out += "null";
        else
          append_cents(out, lo.amount[r]);
      }
      out += "}, \"total\": ";
      if (t.error[r])
        out += "null";
      else
        append_cents(out, t.total[r]);
    }
    out += ", \"applicable\": [" + applicable + "], \"undecided\": [" + undecided + "]";
    if (!error.empty()) out += ", \"error\": " + report::json_escape(error);
    if (columns_) {
      out += ", \"aids\": {";
      for (size_t s = 0; s < schemes; ++s) {
        out += s ? ", " : "";
        out += scheme_keys_[s];
        if (o[s].error[r]) {
          out += fmt::format(": {{\"eligible\": null, \"amount\": null, \"refusal\": \"{}\"}}",
                             error_name(o[s].error[r]));
          continue;
        }
        out += o[s].eligible[r] ? ": {\"eligible\": true, \"amount\": "
                                : ": {\"eligible\": false, \"amount\": ";
        append_cents(out, o[s].amount[r]);
        out += ", \"refusal\": ";
        const size_t k = first_refusal(p.schemes[s], o[s].failed_of(r));
        out += o[s].eligible[r] || k == refusals_[s].size() ? "null" : refusals_[s][k];
        out += '}';
      }
      out += '}';
    }
    out += "}\n";
    return;
  }
  for (const ir::Index l : c_.shown_levels()) {
    out += ',';
    const auto& lo = o[schemes + l];
    if (!lo.error[r]) append_cents(out, lo.amount[r]);
  }
  if (c_.has_levels()) {
    out += ',';
    if (!t.error[r]) append_cents(out, t.total[r]);
  }
  out += ',';
  out += readers::csv_field(applicable);
  out += ',';
  out += readers::csv_field(undecided);
  out += ',';
  out += readers::csv_field(error);
  if (columns_) {
    for (size_t s = 0; s < schemes; ++s) {
      if (o[s].error[r]) {
        out += ",,,";
        out += error_name(o[s].error[r]);
        continue;
      }
      out += o[s].eligible[r] ? ",true," : ",false,";
      append_cents(out, o[s].amount[r]);
      out += ',';
      const size_t k = first_refusal(p.schemes[s], o[s].failed_of(r));
      if (!o[s].eligible[r] && k < refusals_[s].size()) out += refusals_[s][k];
    }
  }
  out += '\n';
}

}  // namespace bareme::scoring
