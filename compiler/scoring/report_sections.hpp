// The HTML report's sections, built from the summaries a run fills (scoring/summary.hpp,
// catalogue_summary.hpp): figures with exact money, charts, tables.
#pragma once

#include <string>
#include <vector>

#include "html_report/html_report.hpp"
#include "scoring/catalogue_summary.hpp"
#include "scoring/histogram.hpp"
#include "scoring/summary.hpp"

namespace bareme::scoring {

// A histogram as a bar chart, a bar per bin, counts as values.
html_report::Chart histogram_chart(const Histogram& h, const std::string& id,
                                   const std::string& title, const std::string& caption);
// Baseline beside reform: the totals, who gains and loses, the distribution of the change.
// `not_compared`: rows a level could not decide in one of the two (`--all`).
html_report::Section reform_section(const ReformDiff& diff, size_t not_compared = 0);
// A report with its header: the title, what was scored, the date and time now (UTC), the command.
html_report::ReportData report_data(std::string title, std::string subject, std::string command);
// Writes `data` rendered to `out`; false when it could not be written.
bool write_report(const html_report::ReportData& data, std::ostream& out);

}  // namespace bareme::scoring
