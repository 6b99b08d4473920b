#include "conf/jvm_opts.h"

#include <cctype>
#include <vector>

namespace hmig::conf {
namespace {

struct HeapOption {
  size_t begin, end;  // the whole token
  std::optional<int64_t> mb;
};

std::optional<int64_t> SizeToMb(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int64_t mult_kb = 0;  // size unit in KiB; 0 = bytes
  char last = static_cast<char>(std::tolower(static_cast<unsigned char>(s.back())));
  if (std::isalpha(static_cast<unsigned char>(last))) {
    switch (last) {
      case 'k':
        mult_kb = 1;
        break;
      case 'm':
        mult_kb = 1024;
        break;
      case 'g':
        mult_kb = 1024 * 1024;
        break;
      case 't':
        mult_kb = 1024LL * 1024 * 1024;
        break;
      default:
        return std::nullopt;
    }
    s.remove_suffix(1);
  }
  if (s.empty() || s.size() > 15) return std::nullopt;
  int64_t n = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (mult_kb == 0) return n / (1024 * 1024);
  return n * mult_kb / 1024;
}

std::vector<HeapOption> FindHeapOptions(std::string_view opts) {
  std::vector<HeapOption> out;
  size_t i = 0;
  while (i < opts.size()) {
    while (i < opts.size() && std::isspace(static_cast<unsigned char>(opts[i]))) ++i;
    size_t b = i;
    while (i < opts.size() && !std::isspace(static_cast<unsigned char>(opts[i]))) ++i;
    std::string_view tok = opts.substr(b, i - b);
    for (std::string_view prefix : {"-Xmx", "-XX:MaxHeapSize="}) {
      if (tok.substr(0, prefix.size()) == prefix) {
        out.push_back({b, i, SizeToMb(tok.substr(prefix.size()))});
      }
    }
  }
  return out;
}

}  // namespace

std::optional<int64_t> HeapMbFromJavaOpts(std::string_view opts) {
  auto found = FindHeapOptions(opts);
  for (auto it = found.rbegin(); it != found.rend(); ++it) {
    if (it->mb) return it->mb;
  }
  return std::nullopt;
}

std::string JavaOptsWithHeapMb(std::string_view opts, int64_t mb) {
  std::string xmx = "-Xmx" + std::to_string(mb) + "m";
  auto found = FindHeapOptions(opts);
  if (found.empty()) {
    std::string out(opts);
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    return out.empty() ? xmx : out + " " + xmx;
  }
  std::string out;
  size_t last = 0;
  for (const auto& h : found) {
    out.append(opts.substr(last, h.begin - last));
    out.append(xmx);
    last = h.end;
  }
  out.append(opts.substr(last));
  return out;
}

}  // namespace hmig::conf
