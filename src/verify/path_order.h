// The order in which both sides of a comparison are streamed: depth-first, the
// children of a directory by name in byte order. As a comparison of relative
// paths this is byte order with '/' sorting before every other byte, so "a/x"
// comes before "a-b" and "a.x" (a plain byte sort would put it after them).
#pragma once

#include <string>
#include <string_view>

namespace hmig::verify {

// <0, 0, >0 like strcmp, in tree order.
inline int CompareTreeOrder(std::string_view a, std::string_view b) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x == y) continue;
    if (x == '/') return -1;
    if (y == '/') return 1;
    return x < y ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

struct TreeOrderLess {
  bool operator()(const std::string& a, const std::string& b) const {
    return CompareTreeOrder(a, b) < 0;
  }
};

// Joins relative paths; either may be empty.
inline std::string JoinRel(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  std::string out = a;
  out += '/';
  out += b;
  return out;
}

}  // namespace hmig::verify
