#include "hive/sql_literal.h"

#include <cctype>
#include <vector>

namespace hmig::hive {
namespace {

// The decoded text plus, per decoded byte, the raw offset it came from
// (one extra entry: the raw length).
struct Decoded {
  std::string text;
  std::vector<size_t> raw_offset;
};

std::optional<std::string> Replace(const Decoded& d, std::string_view raw,
                                   const LocationMatcher& matcher) {
  size_t n = matcher.MatchLength(d.text);
  if (n == 0) return std::nullopt;
  std::string out = matcher.to();
  out.append(raw.substr(d.raw_offset[n]));
  return out;
}

char BackslashEscape(char c) {
  switch (c) {
    case '0':
      return '\0';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'b':
      return '\b';
    case 'Z':
      return '\x1a';
    default:
      return c;
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// True when the raw text up to the end of its authority (the first '/' after
// "://", or the end) holds no escape, so raw and decoded prefixes are the same.
bool PrefixHasNoEscape(std::string_view raw, bool backslash_escapes, char quote) {
  size_t sep = raw.find("://");
  size_t end = sep == std::string_view::npos ? raw.size() : raw.find('/', sep + 3);
  if (end == std::string_view::npos) end = raw.size();
  for (size_t i = 0; i < end; ++i) {
    if (raw[i] == quote || (backslash_escapes && raw[i] == '\\')) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> RewriteQuotedLiteral(std::string_view raw, bool backslash_escapes,
                                                char quote, const LocationMatcher& matcher) {
  if (PrefixHasNoEscape(raw, backslash_escapes, quote)) {
    size_t n = matcher.MatchLength(raw);
    if (n == 0) return std::nullopt;
    std::string out;
    out.reserve(matcher.to().size() + raw.size() - n);
    out.append(matcher.to()).append(raw.substr(n));
    return out;
  }
  Decoded d;
  d.text.reserve(raw.size());
  d.raw_offset.reserve(raw.size() + 1);
  size_t r = 0;
  while (r < raw.size()) {
    char c = raw[r];
    d.raw_offset.push_back(r);
    if (backslash_escapes && c == '\\' && r + 1 < raw.size()) {
      char e = raw[r + 1];
      if (e == '%' || e == '_') {  // MySQL keeps the backslash before % and _
        d.text.push_back('\\');
        d.raw_offset.push_back(r + 1);
        d.text.push_back(e);
      } else {
        d.text.push_back(BackslashEscape(e));
      }
      r += 2;
    } else if (c == quote && r + 1 < raw.size() && raw[r + 1] == quote) {
      d.text.push_back(quote);
      r += 2;
    } else {
      d.text.push_back(c);
      ++r;
    }
  }
  d.raw_offset.push_back(raw.size());
  return Replace(d, raw, matcher);
}

std::optional<std::string> RewriteHexLiteral(std::string_view raw, const LocationMatcher& matcher) {
  if (raw.size() % 2 != 0) return std::nullopt;
  std::string bytes;
  bool lower = false;
  for (size_t i = 0; i < raw.size(); i += 2) {
    int hi = HexValue(raw[i]);
    int lo = HexValue(raw[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    lower = lower || std::islower(static_cast<unsigned char>(raw[i])) ||
            std::islower(static_cast<unsigned char>(raw[i + 1]));
    bytes.push_back(static_cast<char>(hi * 16 + lo));
  }
  auto rewritten = matcher.Rewrite(bytes);
  if (!rewritten) return std::nullopt;
  const char* digits = lower ? "0123456789abcdef" : "0123456789ABCDEF";
  std::string out;
  out.reserve(rewritten->size() * 2);
  for (unsigned char c : *rewritten) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::optional<std::string> RewriteCopyField(std::string_view raw, const LocationMatcher& matcher) {
  if (raw == "\\N") return std::nullopt;
  Decoded d;
  d.text.reserve(raw.size());
  d.raw_offset.reserve(raw.size() + 1);
  size_t r = 0;
  while (r < raw.size()) {
    d.raw_offset.push_back(r);
    if (raw[r] != '\\' || r + 1 == raw.size()) {
      d.text.push_back(raw[r++]);
      continue;
    }
    char e = raw[r + 1];
    if (e >= '0' && e <= '7') {
      int v = 0;
      size_t k = r + 1;
      while (k < raw.size() && k < r + 4 && raw[k] >= '0' && raw[k] <= '7')
        v = v * 8 + (raw[k++] - '0');
      d.text.push_back(static_cast<char>(v));
      r = k;
    } else if (e == 'x' && r + 2 < raw.size() && HexValue(raw[r + 2]) >= 0) {
      int v = HexValue(raw[r + 2]);
      size_t k = r + 3;
      if (k < raw.size() && HexValue(raw[k]) >= 0) v = v * 16 + HexValue(raw[k++]);
      d.text.push_back(static_cast<char>(v));
      r = k;
    } else {
      switch (e) {
        case 'b':
          d.text.push_back('\b');
          break;
        case 'f':
          d.text.push_back('\f');
          break;
        case 'n':
          d.text.push_back('\n');
          break;
        case 'r':
          d.text.push_back('\r');
          break;
        case 't':
          d.text.push_back('\t');
          break;
        case 'v':
          d.text.push_back('\v');
          break;
        default:
          d.text.push_back(e);
          break;
      }
      r += 2;
    }
  }
  d.raw_offset.push_back(raw.size());
  return Replace(d, raw, matcher);
}

}  // namespace hmig::hive
