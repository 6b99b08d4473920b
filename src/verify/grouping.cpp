#include "verify/grouping.h"

#include <string_view>

namespace hmig::verify {

namespace {

// Length of the prefix of `dir` made of its first `n` components.
size_t PrefixOfComponents(std::string_view dir, int n) {
  size_t pos = 0;
  for (int i = 0; i < n; ++i) {
    size_t slash = dir.find('/', pos);
    if (slash == std::string_view::npos) return dir.size();
    pos = slash + 1;
  }
  return pos == 0 ? 0 : pos - 1;
}

bool IsDatabaseDir(std::string_view component) {
  return component.size() > 3 && component.substr(component.size() - 3) == ".db";
}

}  // namespace

std::string GroupOf(const std::string& rel, bool is_dir, int group_depth) {
  std::string_view dir = rel;
  if (!is_dir) {
    size_t slash = dir.rfind('/');
    dir = slash == std::string_view::npos ? std::string_view() : dir.substr(0, slash);
  }
  if (dir.empty() || group_depth == 0) return ".";
  int depth = group_depth;
  if (group_depth == kHiveGroupDepth) {
    depth = 1;
    size_t start = 0;
    for (int index = 0;; ++index) {
      size_t slash = dir.find('/', start);
      std::string_view component = dir.substr(
          start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
      if (IsDatabaseDir(component)) {
        depth = index + 2;
        break;
      }
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
  }
  return std::string(dir.substr(0, PrefixOfComponents(dir, depth)));
}

std::string DescribeGroupRule(int group_depth) {
  if (group_depth == kHiveGroupDepth) {
    return "Hive tables: the directory after the first *.db component (else the first component)";
  }
  if (group_depth == 0) return "one group for everything";
  return "directories " + std::to_string(group_depth) + " level" + (group_depth == 1 ? "" : "s") +
         " below the compared root";
}

}  // namespace hmig::verify
