#include "util/uri.h"

#include <unistd.h>

#include <cctype>
#include <vector>

namespace hmig {

std::string Uri::host() const {
  if (!authority.empty() && authority.front() == '[') {  // [ipv6]:port
    auto close = authority.find(']');
    return close == std::string::npos ? authority : authority.substr(1, close - 1);
  }
  auto colon = authority.rfind(':');
  return colon == std::string::npos ? authority : authority.substr(0, colon);
}

int Uri::port() const {
  auto colon = authority.rfind(':');
  if (colon == std::string::npos || authority.find(']', colon) != std::string::npos) return -1;
  try {
    return std::stoi(authority.substr(colon + 1));
  } catch (...) {
    return -1;
  }
}

std::string Uri::ToString() const {
  if (IsLocal()) return path;
  return scheme + "://" + authority + path;
}

Uri Uri::WithPath(std::string new_path) const {
  Uri u = *this;
  u.path = NormalizePath(new_path);
  return u;
}

std::string NormalizePath(const std::string& path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string part = path.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(std::move(part));
    }
    i = j + 1;
  }
  std::string out;
  for (const auto& p : parts) {
    out += '/';
    out += p;
  }
  return out.empty() ? "/" : out;
}

std::string JoinPath(const std::string& dir, const std::string& rel) {
  if (rel.empty()) return dir;
  if (dir.empty()) return rel;
  if (dir.back() == '/') return rel.front() == '/' ? dir + rel.substr(1) : dir + rel;
  return rel.front() == '/' ? dir + rel : dir + "/" + rel;
}

std::string BaseName(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string ParentPath(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

bool IsSameOrBelow(const std::string& path, const std::string& ancestor) {
  if (ancestor == "/") return !path.empty() && path.front() == '/';
  if (path.size() < ancestor.size() || path.compare(0, ancestor.size(), ancestor) != 0) {
    return false;
  }
  return path.size() == ancestor.size() || path[ancestor.size()] == '/';
}

static bool IsSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

Result<Uri> ParseUri(const std::string& text) {
  if (text.empty()) return Status::Invalid("empty path or URI");
  Uri uri;
  auto colon = text.find(':');
  bool has_scheme =
      colon != std::string::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(text[0]));
  for (size_t k = 0; has_scheme && k < colon; ++k) has_scheme = IsSchemeChar(text[k]);
  // "file:/x", "file:///x", "hdfs://ns/x"; a local name like "a:b" has no "/" after ':'.
  if (has_scheme && (colon + 1 >= text.size() || text[colon + 1] != '/')) has_scheme = false;
  if (!has_scheme) {
    uri.scheme = "file";
    std::string p = text;
    if (p.front() != '/') {
      char buf[4096];
      if (!getcwd(buf, sizeof buf))
        return Status::FromErrno(errno, "cannot read current directory");
      p = std::string(buf) + "/" + p;
    }
    uri.path = NormalizePath(p);
    return uri;
  }
  for (size_t k = 0; k < colon; ++k) {
    uri.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
  }
  std::string rest = text.substr(colon + 1);
  if (rest.rfind("//", 0) == 0) {
    auto slash = rest.find('/', 2);
    uri.authority = rest.substr(2, slash == std::string::npos ? std::string::npos : slash - 2);
    rest = slash == std::string::npos ? "/" : rest.substr(slash);
  }
  if (uri.scheme == "file" && !uri.authority.empty() && uri.authority != "localhost") {
    return Status::Invalid("file URIs take no host (use file:///path)", text);
  }
  if (uri.scheme == "file") uri.authority.clear();
  if (uri.scheme != "file" && uri.authority.empty() && uri.scheme != "hdfs") {
    return Status::Invalid("URI needs a host or bucket after '" + uri.scheme + "://'", text);
  }
  uri.path = NormalizePath(rest);
  return uri;
}

}  // namespace hmig
