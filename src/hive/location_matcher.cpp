#include "hive/location_matcher.h"

#include <algorithm>
#include <cctype>

namespace hmig::hive {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsSchemeChar(char c, bool first) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  if (first) return false;
  return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// Length of "scheme:" (including the colon), 0 when `v` does not start with one.
size_t SchemeLength(std::string_view v) {
  size_t i = 0;
  while (i < v.size() && IsSchemeChar(v[i], i == 0)) ++i;
  if (i == 0 || i >= v.size() || v[i] != ':') return 0;
  return i + 1;
}

struct SplitAuthority {
  std::string_view scheme;     // without ':'
  std::string_view authority;  // between "//" and the next '/'
  size_t end = 0;              // offset just after the authority
};

std::optional<SplitAuthority> SplitLocation(std::string_view v) {
  size_t s = SchemeLength(v);
  if (s == 0 || v.substr(s, 2) != "//") return std::nullopt;
  size_t start = s + 2;
  size_t end = v.find('/', start);
  if (end == std::string_view::npos) end = v.size();
  return SplitAuthority{v.substr(0, s - 1), v.substr(start, end - start), end};
}

// host and port of an authority; port -1 when absent, -2 when malformed.
std::pair<std::string_view, int> HostPort(std::string_view authority) {
  size_t colon = authority.rfind(':');
  size_t bracket = authority.rfind(']');
  if (colon == std::string_view::npos || (bracket != std::string_view::npos && colon < bracket)) {
    return {authority, -1};
  }
  std::string_view port = authority.substr(colon + 1);
  if (port.empty() || port.size() > 5) return {authority.substr(0, colon), -2};
  int value = 0;
  for (char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return {authority.substr(0, colon), -2};
    value = value * 10 + (c - '0');
  }
  return {authority.substr(0, colon), value};
}

}  // namespace

std::string FsAuthority::ToString() const {
  std::string out = scheme;
  out.append("://").append(host);
  if (port >= 0) out.append(":").append(std::to_string(port));
  return out;
}

int DefaultPort(const std::string& scheme) {
  return hmig::DefaultPort(scheme);
}

Result<FsAuthority> ParseFsAuthority(const std::string& text) {
  auto split = SplitLocation(text);
  if (!split) return Status::Invalid("expected scheme://authority, got '" + text + "'");
  std::string_view rest = std::string_view(text).substr(split->end);
  if (!rest.empty() && rest != "/") {
    return Status::Invalid("'" + text + "' has a path: give only scheme://authority");
  }
  if (split->authority.find('@') != std::string_view::npos) {
    return Status::Invalid("'" + text + "' has user information: give only scheme://host[:port]");
  }
  auto [host, port] = HostPort(split->authority);
  if (host.empty()) return Status::Invalid("'" + text + "' has no host or nameservice");
  if (port == -2) return Status::Invalid("'" + text + "' has an invalid port");
  // Hosts are DNS names, nameservices or [IPv6]: these bytes need no quoting in SQL
  // literals or COPY data, so a rewritten prefix can be written into a dump as is.
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_' &&
        c != '[' && c != ']' && c != ':') {
      return Status::Invalid("'" + text + "' has a character not allowed in a host name");
    }
  }
  return FsAuthority{Lower(split->scheme), Lower(host), port};
}

Result<LocationMatcher> LocationMatcher::Create(const std::vector<std::string>& from,
                                                const std::string& to) {
  if (from.empty()) return Status::Invalid("at least one --from is required");
  LocationMatcher m;
  for (const auto& f : from) {
    HMIG_ASSIGN_OR_RETURN(FsAuthority a, ParseFsAuthority(f));
    if (a.scheme != "hdfs") {
      return Status::Invalid("--from '" + f +
                             "': only hdfs:// locations are rewritten; other filesystems "
                             "(s3a, oss, file, viewfs, ...) are never touched");
    }
    m.from_.push_back(std::move(a));
  }
  auto t = ParseFsAuthority(to);
  if (!t.ok()) return t.status().WithContext("--to");
  for (const auto& f : m.from_) {
    if (f.scheme == t->scheme && f.host == t->host &&
        (f.port == t->port || (f.port < 0 ? DefaultPort(f.scheme) : f.port) ==
                                  (t->port < 0 ? DefaultPort(t->scheme) : t->port))) {
      return Status::Invalid("--to '" + to + "' is the same filesystem as --from '" + f.ToString() +
                             "'");
    }
  }
  // The target keeps the spelling the user gave (minus a trailing '/').
  HMIG_ASSIGN_OR_RETURN(m.core_, AuthorityMatcher::Create(from, to));
  return m;
}

size_t LocationMatcher::MatchLength(std::string_view value) const {
  return core_.MatchLength(value);
}

std::optional<std::string> LocationMatcher::Rewrite(std::string_view value) const {
  return core_.Rewrite(value);
}

std::optional<std::string> LocationPrefixOf(std::string_view value) {
  size_t s = SchemeLength(value);
  if (s == 0) return std::nullopt;
  auto split = SplitLocation(value);
  if (!split) return Lower(value.substr(0, s));
  auto [host, port] = HostPort(split->authority);
  std::string out = Lower(split->scheme);
  out.append("://").append(Lower(host));
  if (port != -1) out.append(split->authority.substr(host.size()));
  return out;
}

}  // namespace hmig::hive
