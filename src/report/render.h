// The three renderings of a ComparisonReport: a terminal summary, a JSON file with
// every group and every difference, and one self-contained HTML file (no network:
// inline CSS, inline SVG chart, inline script for sorting).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "report/comparison_report.h"

namespace hmig::report {

// A name made safe to show: control characters (newline, tab, ESC...) become
// visible escapes such as "\n", so a file name can neither break a table row nor
// send escape sequences to a terminal.
std::string Printable(const std::string& name);

// Summary, groups (those with differences first, then the largest) and the first
// `max_differences` differences, as plain text lines.
std::string RenderTerminal(const ComparisonReport& report, size_t max_groups = 25,
                           size_t max_differences = 20);

// Header, totals, groups and at most `max_differences` differences as one JSON
// value (for embedding, e.g. in the distcp report).
nlohmann::json ToJson(const ComparisonReport& report, size_t max_differences);

// Writes the full JSON document (every difference) to `path`.
Status WriteJson(const ComparisonReport& report, const std::string& path);

// Writes the HTML report to `path`.
Status WriteHtml(const ComparisonReport& report, const std::string& path);
std::string RenderHtml(const ComparisonReport& report);

}  // namespace hmig::report
