// Parsing of the locations users type: plain local paths, file:// URIs and
// remote URIs (webhdfs://host:port/path, hdfs://nameservice/path, s3://bucket/key).
#pragma once

#include <string>

#include "util/status.h"

namespace hmig {

struct Uri {
  std::string scheme;     // lower-case; "file" for plain local paths
  std::string authority;  // host[:port] or nameservice or bucket; empty for local paths
  std::string path;       // absolute, normalised ('.' and '..' folded, no trailing '/')

  std::string host() const;
  int port() const;  // -1 when absent
  bool IsLocal() const { return scheme == "file"; }
  // Back to text: plain path for local URIs, scheme://authority/path otherwise.
  std::string ToString() const;
  // The same location with another path.
  Uri WithPath(std::string new_path) const;
};

// Parses a location. Characters such as '?', '#', '%' and spaces are path
// characters (they occur in Hive partition names), never query or escapes.
// A relative local path is made absolute against the current directory.
Result<Uri> ParseUri(const std::string& text);

// Folds "." and "..", duplicate slashes and a trailing slash; keeps a leading '/'.
std::string NormalizePath(const std::string& path);

// Joins a directory and a relative path with exactly one '/'.
std::string JoinPath(const std::string& dir, const std::string& rel);

// The last path component ("" for "/").
std::string BaseName(const std::string& path);

// The parent directory ("/" for "/x" and "/").
std::string ParentPath(const std::string& path);

// True when `path` equals `ancestor` or lies below it (component-wise, so
// "/a/bc" is not below "/a/b").
bool IsSameOrBelow(const std::string& path, const std::string& ancestor);

}  // namespace hmig
