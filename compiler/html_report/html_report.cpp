// The report page: header, sections of figures, charts and tables, the rows a reform changed most.
#include "html_report/html_report.hpp"

#include <fmt/format.h>

#include <cctype>

namespace bareme::html_report {
namespace {

constexpr const char* kStyle = R"(
body{font:14px/1.45 system-ui,sans-serif;color:#1d2330;max-width:1000px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d5d9e2}
h3{font-size:15px;margin:18px 0 6px}.meta{color:#5b6475;font-size:12px}.caption{color:#5b6475;margin:2px 0 8px}
.figures{display:flex;flex-wrap:wrap;gap:8px}.figure{border:1px solid #d5d9e2;border-radius:6px;padding:6px 10px;min-width:140px}
.figure span{display:block;color:#5b6475;font-size:12px}.figure strong{font-size:16px}
svg.chart{display:block;max-width:100%;height:auto}svg .bar rect{fill:#3b6fd4}svg .bar:hover rect{fill:#1f4fae}
svg text{font:12px system-ui,sans-serif;fill:#1d2330}svg text.value{fill:#3c4454}svg text.empty{fill:#8a92a3}svg text.note{font-size:11px;fill:#5b6475}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #d5d9e2;padding:3px 8px;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f2f4f8}
details{border:1px solid #d5d9e2;border-radius:6px;padding:6px 10px;margin:8px 0}details:target{border-color:#3b6fd4}
.warning{border:2px solid #c0392b;background:#fdecea;color:#7b1d12;border-radius:6px;padding:8px 12px;margin:10px 0}
pre{white-space:pre-wrap;font:12px/1.35 ui-monospace,monospace;background:#f7f8fb;padding:6px;margin:4px 0}
)";

// Whether a cell reads as a number (right-aligned).
bool numeric(const std::string& cell) {
  if (cell.empty()) return false;
  for (const char c : cell)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == ' ' || c == '.' || c == '-' ||
          c == '+' || c == ',' || (c & 0x80)))
      return false;
  return std::isdigit(static_cast<unsigned char>(cell.front())) || cell.front() == '-' ||
         cell.front() == '+';
}

std::string table(const Table& t) {
  std::string out = fmt::format("<h3>{}</h3>", escape(t.title));
  if (!t.caption.empty()) out += fmt::format("<p class=\"caption\">{}</p>", escape(t.caption));
  out += fmt::format("<table id=\"{}\"><thead><tr>", escape(t.id));
  for (const auto& h : t.header) out += "<th>" + escape(h) + "</th>";
  out += "</tr></thead><tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (const auto& cell : row)
      out += fmt::format("<td{}>{}</td>", numeric(cell) ? " class=\"n\"" : "", escape(cell));
    out += "</tr>\n";
  }
  return out + "</tbody></table>\n";
}

std::string section(const Section& s) {
  std::string out = fmt::format("<section id=\"{}\"><h2>{}</h2>\n", escape(s.id), escape(s.title));
  if (!s.caption.empty()) out += fmt::format("<p class=\"caption\">{}</p>\n", escape(s.caption));
  if (!s.figures.empty()) {
    out += "<div class=\"figures\">";
    for (const auto& f : s.figures)
      out += fmt::format(
          "<div class=\"figure\" data-key=\"{}\" data-value=\"{}\"><span>{}</span><strong>{}"
          "</strong></div>",
          escape(f.key), escape(f.raw), escape(f.label), escape(f.value));
    out += "</div>\n";
  }
  for (const auto& c : s.charts) {
    out += fmt::format("<figure class=\"chart-box\" id=\"{}\"><h3>{}</h3>", escape(c.id),
                       escape(c.title));
    if (!c.caption.empty()) out += fmt::format("<p class=\"caption\">{}</p>", escape(c.caption));
    out += svg_chart(c) + "</figure>\n";
  }
  for (const auto& t : s.tables) out += table(t);
  return out + "</section>\n";
}

std::string changed_rows(const ReportData& d) {
  std::string out = fmt::format("<section id=\"changed\"><h2>{}</h2>\n", escape(d.changed_title));
  if (d.changed.empty()) return out + "<p class=\"caption\">No row changed.</p></section>\n";
  out +=
      "<table id=\"changed-table\"><thead><tr><th>row</th><th>baseline</th><th>reform</th>"
      "<th>change</th><th>explain</th></tr></thead><tbody>\n";
  for (const auto& r : d.changed) {
    out += fmt::format(
        "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td "
        "class=\"n\">{}</td><td><a href=\"#row-{}\">explain</a></td></tr>\n",
        r.row, escape(r.baseline), escape(r.reform), escape(r.change), r.row);
  }
  out += "</tbody></table>\n";
  for (const auto& r : d.changed) {
    out += fmt::format(
        "<details class=\"explain\" id=\"row-{}\"><summary>Row {}: {} → {} ({})</summary>"
        "<h3>Application</h3><pre>{}</pre><h3>Baseline</h3><pre>{}</pre><h3>Reform</h3>"
        "<pre>{}</pre></details>\n",
        r.row, r.row, escape(r.baseline), escape(r.reform), escape(r.change), escape(r.application),
        escape(r.baseline_explain), escape(r.reform_explain));
  }
  // The one script: following a link to an explanation opens it.
  out +=
      "<script>function openTarget(){var d=document.getElementById(location.hash.slice(1));"
      "if(d&&d.tagName==='DETAILS')d.open=true;}addEventListener('hashchange',openTarget);"
      "openTarget();</script>\n";
  return out + "</section>\n";
}

}  // namespace

std::string render(const ReportData& d) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\" data-complete=\"{}\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>{}</title><style>{}</style></head><body>\n<header><h1>{}</h1><p class=\"meta\">{}"
      "{}{}</p></header>\n",
      d.stopped.empty() ? "true" : "false", escape(d.title), kStyle, escape(d.title),
      escape(d.subject), d.date.empty() ? "" : " · " + escape(d.date),
      d.command.empty() ? "" : " · <code>" + escape(d.command) + "</code>");
  if (!d.stopped.empty())
    out += fmt::format(
        "<p class=\"warning\" id=\"stopped\" role=\"alert\">This run {}; the figures cover only "
        "the rows before.</p>\n",
        escape(d.stopped));
  for (const auto& s : d.sections) out += section(s);
  if (!d.changed_title.empty()) out += changed_rows(d);
  return out +
         "<footer class=\"meta\"><p>Written by bareme. Amounts and counts are exact; a median "
         "marked as from a sample is estimated; bar lengths are drawn rounded.</p></footer>"
         "</body></html>\n";
}

}  // namespace bareme::html_report
