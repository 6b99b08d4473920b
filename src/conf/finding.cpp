#include "conf/finding.h"

#include <algorithm>

#include <fmt/format.h>

namespace hmig::conf {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "info";
}

FindingCounts Count(const std::vector<Finding>& findings) {
  FindingCounts c;
  for (const auto& f : findings) {
    if (f.severity == Severity::kError) ++c.errors;
    if (f.severity == Severity::kWarning) ++c.warnings;
    if (f.severity == Severity::kInfo) ++c.infos;
  }
  return c;
}

static std::vector<const Finding*> BySeverity(const std::vector<Finding>& findings) {
  std::vector<const Finding*> sorted;
  for (const auto& f : findings) sorted.push_back(&f);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Finding* a, const Finding* b) {
    return static_cast<int>(a->severity) > static_cast<int>(b->severity);
  });
  return sorted;
}

std::string FindingsToText(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding* f : BySeverity(findings)) {
    std::string sev = SeverityName(f->severity);
    for (char& c : sev) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out += fmt::format("{:<8}{}", sev, f->subject);
    if (!f->location.empty()) out += fmt::format(" ({})", f->location);
    out += ": " + f->message + "\n";
    if (!f->advice.empty() || !f->suggested.empty()) {
      out += "        -> " + f->advice;
      if (!f->suggested.empty()) out += fmt::format(" [use: {}]", f->suggested);
      out += "\n";
    }
  }
  return out;
}

nlohmann::json FindingsToJson(const std::vector<Finding>& findings) {
  nlohmann::json arr = nlohmann::json::array();
  for (const Finding* f : BySeverity(findings)) {
    nlohmann::json j = {{"severity", SeverityName(f->severity)},
                        {"subject", f->subject},
                        {"location", f->location},
                        {"message", f->message},
                        {"advice", f->advice}};
    if (!f->suggested.empty()) j["suggested"] = f->suggested;
    if (!f->details.empty()) j["details"] = f->details;
    arr.push_back(std::move(j));
  }
  return arr;
}

}  // namespace hmig::conf
