// One finding of a check (config diff, jobs check, presto catalog): what is wrong, where,
// and what to do, in plain words. Rendered as text lines or JSON by FindingsToText/Json.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hmig::conf {

enum class Severity { kInfo, kWarning, kError };

const char* SeverityName(Severity s);  // "info", "warning", "error"

struct Finding {
  Severity severity = Severity::kInfo;
  std::string subject;    // the property, variable or file concerned
  std::string location;   // "file:line" (or "file", or "" when nowhere in particular)
  std::string message;    // what is wrong, one line
  std::string advice;     // what to do, one line
  std::string suggested;  // the value to use, when there is one
  nlohmann::json details = nlohmann::json::object();  // values compared, for --json
};

struct FindingCounts {
  int errors = 0, warnings = 0, infos = 0;
};
FindingCounts Count(const std::vector<Finding>& findings);

// "ERROR   subject (location): message\n        -> advice [use: suggested]\n" per finding,
// errors first, in their original order within a severity.
std::string FindingsToText(const std::vector<Finding>& findings);
nlohmann::json FindingsToJson(const std::vector<Finding>& findings);

}  // namespace hmig::conf
