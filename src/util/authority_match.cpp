#include "util/authority_match.h"

#include <algorithm>

namespace hmig {
namespace {

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlnum(char c) {
  return IsAlpha(c) || IsDigit(c);
}
bool IsSchemeChar(char c) {
  return IsAlnum(c) || c == '+' || c == '.' || c == '-';
}
bool IsHostChar(char c) {
  return IsAlnum(c) || c == '.' || c == '-' || c == '_';
}
// Characters that would continue an authority: a match must not be followed by one.
bool ContinuesAuthority(char c) {
  return IsHostChar(c) || c == ':' || c == '@' || c == '[';
}
// ASCII only, without the locale lookups of std::tolower.
char AsciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}
bool EqualsLower(std::string_view text, const std::string& lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (AsciiLower(text[i]) != lower[i]) return false;
  }
  return true;
}
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

// scheme://host[:port] at the start of a text, as views into it.
struct Parsed {
  std::string_view scheme, host;  // as written; host without [] for IPv6
  int port = -1;                  // as written; -1 when absent
  size_t length = 0;              // of scheme://authority
};

// Parses scheme://host[:port] at the start of `s`; nullopt when it is not one, or
// when the authority goes on (user info, another ':', a host character).
std::optional<Parsed> ParseAuthorityPrefix(std::string_view s) {
  size_t i = 0;
  if (s.empty() || !IsAlpha(s[0])) return std::nullopt;
  while (i < s.size() && IsSchemeChar(s[i])) ++i;
  if (s.substr(i, 3) != "://") return std::nullopt;
  Parsed p;
  p.scheme = s.substr(0, i);
  i += 3;
  if (i < s.size() && s[i] == '[') {
    size_t close = s.find(']', i);
    if (close == std::string_view::npos) return std::nullopt;
    p.host = s.substr(i + 1, close - i - 1);
    i = close + 1;
  } else {
    size_t host_begin = i;
    while (i < s.size() && IsHostChar(s[i])) ++i;
    p.host = s.substr(host_begin, i - host_begin);
  }
  if (p.host.empty()) return std::nullopt;
  if (i < s.size() && s[i] == ':') {
    size_t digits = i + 1, j = digits;
    int port = 0;
    while (j < s.size() && IsDigit(s[j]) && j - digits < 6) port = port * 10 + (s[j++] - '0');
    if (j == digits || j - digits > 5) return std::nullopt;
    p.port = port;
    i = j;
  }
  if (i < s.size() && ContinuesAuthority(s[i])) return std::nullopt;
  p.length = i;
  return p;
}

}  // namespace

int DefaultPort(std::string_view scheme) {
  return EqualsLower(scheme, "hdfs") ? 8020 : -1;
}

Result<AuthorityMatcher> AuthorityMatcher::Create(const std::vector<std::string>& from,
                                                  const std::string& to) {
  if (from.empty()) return Status::Invalid("at least one --from URI is needed");
  auto check = [](const std::string& text, const char* flag) -> Result<Parsed> {
    auto p = ParseAuthorityPrefix(text);
    std::string_view rest = p ? std::string_view(text).substr(p->length) : std::string_view{};
    if (!p || !(rest.empty() || rest == "/")) {
      return Status::Invalid(std::string(flag) + " '" + text +
                             "' must be scheme://host[:port] with no path (for example "
                             "hdfs://oldcluster:8020)");
    }
    return *p;
  };
  AuthorityMatcher m;
  for (const auto& f : from) {
    HMIG_ASSIGN_OR_RETURN(Parsed p, check(f, "--from"));
    m.rules_.push_back(
        {Lower(p.scheme), Lower(p.host), p.port >= 0 ? p.port : DefaultPort(p.scheme)});
    m.from_text_.push_back(f);
  }
  HMIG_ASSIGN_OR_RETURN(Parsed t, check(to, "--to"));
  m.to_ = to.substr(0, t.length);
  return m;
}

std::optional<std::pair<size_t, size_t>> AuthorityMatcher::MatchAt(std::string_view text,
                                                                   size_t pos) const {
  auto p = ParseAuthorityPrefix(text.substr(pos));
  if (!p) return std::nullopt;
  const int port = p->port >= 0 ? p->port : DefaultPort(p->scheme);
  for (size_t r = 0; r < rules_.size(); ++r) {
    const Rule& rule = rules_[r];
    if (rule.port == port && EqualsLower(p->host, rule.host) &&
        EqualsLower(p->scheme, rule.scheme)) {
      return std::make_pair(p->length, r);
    }
  }
  return std::nullopt;
}

size_t AuthorityMatcher::MatchLength(std::string_view location) const {
  auto m = MatchAt(location, 0);
  if (!m || (m->first < location.size() && location[m->first] != '/')) return 0;
  return m->first;
}

std::optional<std::string> AuthorityMatcher::Rewrite(std::string_view location) const {
  size_t n = MatchLength(location);
  if (n == 0) return std::nullopt;
  std::string out;
  out.reserve(to_.size() + location.size() - n);
  out.append(to_).append(location.substr(n));
  return out;
}

std::vector<std::string> AuthorityMatcher::hosts() const {
  std::vector<std::string> out;
  for (const auto& r : rules_) {
    if (std::find(out.begin(), out.end(), r.host) == out.end()) out.push_back(r.host);
  }
  return out;
}

std::vector<AuthorityMatch> AuthorityMatcher::FindAll(std::string_view text) const {
  std::vector<AuthorityMatch> out;
  size_t pos = 0;
  while ((pos = text.find("://", pos)) != std::string_view::npos) {
    size_t begin = pos;
    while (begin > 0 && IsSchemeChar(text[begin - 1])) --begin;
    // The scheme must start with a letter; skip leading digits/punctuation.
    while (begin < pos && !IsAlpha(text[begin])) ++begin;
    // "x.hdfs://": also try the scheme after the last '.', '-' or '+'.
    size_t alt = pos;
    while (alt > begin && IsAlnum(text[alt - 1])) --alt;
    bool matched = false;
    for (size_t start : {begin, alt}) {
      if (start >= pos || !IsAlpha(text[start])) continue;
      if (auto m = MatchAt(text, start)) {
        out.push_back({start, start + m->first, m->second});
        pos = start + m->first;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    pos += 3;
  }
  return out;
}

std::string AuthorityMatcher::RewriteAll(std::string_view text, size_t* count) const {
  auto matches = FindAll(text);
  if (count) *count = matches.size();
  std::string out;
  out.reserve(text.size());
  size_t last = 0;
  for (const auto& m : matches) {
    out.append(text.substr(last, m.begin - last));
    out.append(to_);
    last = m.end;
  }
  out.append(text.substr(last));
  return out;
}

}  // namespace hmig
