// DistCp's -filters: a file of regular expressions, one per line; a path that
// matches any of them entirely is left out of the copy (and protected from -delete).
// Hadoop uses java.util.regex with Matcher.matches(); ECMAScript regexes agree with
// it for the constructs filters use (., *, +, ?, [], (), |, \d, \w, \s, anchors).
#pragma once

#include <regex>
#include <string>
#include <vector>

#include "util/status.h"

namespace hmig::copy {

class PathFilter {
 public:
  PathFilter() = default;
  // Blank lines are ignored. A malformed expression is an error naming its line.
  static Result<PathFilter> FromLines(const std::vector<std::string>& lines,
                                      const std::string& origin = "filters");
  static Result<PathFilter> FromFile(const std::string& path);

  // True when `path` (the full source path or URI, as DistCp matches it) is excluded.
  bool Excludes(const std::string& path) const;
  bool empty() const { return patterns_.empty(); }

 private:
  std::vector<std::regex> patterns_;
};

}  // namespace hmig::copy
