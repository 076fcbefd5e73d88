// The html_report phase: a run's aggregates (ReportData) rendered as one self-contained HTML page.
#pragma once

#include <string>
#include <vector>

namespace bareme::html_report {

// A key figure: `value` as shown (exact, formatted by the caller); `raw` a machine-readable
// copy (the summary JSON's spelling) kept in a data attribute, under `key`.
struct Figure {
  std::string key, label, value, raw;
};

// One bar: its label, its value as shown (exact), its length (only for drawing: a double may
// round it), a note shown after the label (a citation), a detail shown only in its tooltip.
struct Bar {
  std::string label, value;
  double size = 0;
  std::string note, detail;
};

// A horizontal bar chart drawn as inline SVG, one bar per entry, in order.
struct Chart {
  std::string id, title, caption;
  std::vector<Bar> bars;
};

// A table of text cells (the per-level and per-aid breakdown of a catalogue).
struct Table {
  std::string id, title, caption;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

struct Section {
  std::string id, title, caption;
  std::vector<Figure> figures;
  std::vector<Chart> charts;
  std::vector<Table> tables;
};

// One of the rows a reform changed most, with what explains it, embedded in the page (the
// report works offline): the application as JSON and both explanations as text.
struct ChangedRow {
  size_t row = 0;  // its number in the run, from 1
  std::string baseline, reform, change;
  std::string application, baseline_explain, reform_explain;
};

struct ReportData {
  std::string title, subject, date, command;
  std::vector<Section> sections;
  std::string changed_title;  // empty: no table of changed rows
  std::vector<ChangedRow> changed;
  // Why the run stopped before the end of its rows (e.g. "stopped at row 3: more than 1 errors
  // (--max-errors)"); empty: the run went through. Shown as a warning banner.
  std::string stopped;
};

// The page: inline CSS and SVG, no external reference, every text escaped; one small inline
// script opens an explanation when a link leads to it.
std::string render(const ReportData& data);

// `text` escaped for HTML text and attribute values.
std::string escape(const std::string& text);

// A chart as an <svg> element (exposed for tests).
std::string svg_chart(const Chart& chart);

}  // namespace bareme::html_report
