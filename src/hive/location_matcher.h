// Authority-exact matching and rewriting of metastore locations: the metastore's
// policy (only hdfs:// is rewritten, host names that need no SQL quoting, a target
// that differs from every source) around hmig's one matcher (util/authority_match.h).
//
// A location is rewritten when its scheme and authority name the old filesystem,
// never by text prefix: `--from hdfs://oldcluster:8020` matches
// `hdfs://oldcluster:8020/x` and `hdfs://OldCluster/x` (no port = the scheme's
// default port) but never `hdfs://oldcluster:80200/x` or `hdfs://oldcluster2/x`.
// Scheme and host compare case-insensitively; everything after the authority (the
// path, with its spaces, %-escapes and unicode bytes) is kept byte for byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/authority_match.h"
#include "util/status.h"

namespace hmig::hive {

// One filesystem identity: scheme://host[:port], lower-cased scheme and host.
struct FsAuthority {
  std::string scheme;
  std::string host;
  int port = -1;  // -1: none given

  // scheme://host[:port] as given (lower-cased).
  std::string ToString() const;
};

// Parses "scheme://authority" with an optional trailing '/'. A path, query,
// user-info or an empty host is an error (matching is by authority only).
Result<FsAuthority> ParseFsAuthority(const std::string& text);

// The default RPC port of a scheme, -1 when it has none we can rely on.
int DefaultPort(const std::string& scheme);

class LocationMatcher {
 public:
  // REQUIRES: `from` non-empty. Every `from` must be an hdfs:// authority: other
  // filesystems (s3a, oss, file, viewfs) are never rewritten.
  static Result<LocationMatcher> Create(const std::vector<std::string>& from,
                                        const std::string& to);

  // True when `value` is a location on one of the old filesystems: it starts with
  // a matching scheme://authority followed by '/' or the end of the string.
  bool Matches(std::string_view value) const { return MatchLength(value) > 0; }

  // The rewritten location, or nullopt when `value` does not match.
  std::optional<std::string> Rewrite(std::string_view value) const;

  // Length of the matching "scheme://authority" prefix of `value`, 0 when none.
  size_t MatchLength(std::string_view value) const;

  const std::vector<FsAuthority>& from() const { return from_; }
  const std::string& to() const { return core_.to(); }

 private:
  std::vector<FsAuthority> from_;
  AuthorityMatcher core_;
};

// The "scheme://authority" prefix of a location for inventories, scheme and host
// lower-cased ("hdfs://oldcluster:8020"); "file:" for "file:/x"; nullopt when the
// value has no scheme (a relative path, Hive's "TBD" catalog placeholder).
std::optional<std::string> LocationPrefixOf(std::string_view value);

}  // namespace hmig::hive
