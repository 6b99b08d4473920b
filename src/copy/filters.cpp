#include "copy/filters.h"

#include <fstream>

namespace hmig::copy {

Result<PathFilter> PathFilter::FromLines(const std::vector<std::string>& lines,
                                         const std::string& origin) {
  PathFilter f;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string line = lines[i];
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.pop_back();
    }
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos) continue;
    line = line.substr(start);
    try {
      f.patterns_.emplace_back(line, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
      return Status::Invalid(
          "line " + std::to_string(i + 1) + ": bad regular expression '" + line + "': " + e.what(),
          origin);
    }
  }
  return f;
}

Result<PathFilter> PathFilter::FromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status(StatusCode::kNotFound, "cannot read filters file", path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return FromLines(lines, path);
}

bool PathFilter::Excludes(const std::string& path) const {
  for (const auto& re : patterns_) {
    if (std::regex_match(path, re)) return true;
  }
  return false;
}

}  // namespace hmig::copy
