// Authority-exact matching of cluster URIs, for rewriting hard-coded locations of the
// old cluster ("hdfs://oldcluster:8020/x" -> "hdfs://emr-cluster/x").
//
// Rules (shared with the Hive metastore location rewrite in src/hive/, which has its own
// copy for now; the two should be unified):
//  * A --from URI is scheme://authority (a trailing '/' is allowed, no other path).
//  * A location matches when its scheme equals the --from scheme and its host equals the
//    --from host, both case-insensitively, and its port equals the --from port, where an
//    absent port means the scheme's default (hdfs: 8020; other schemes have none, so an
//    absent port only equals an absent port). Thus "hdfs://oldcluster:8020" matches
//    "hdfs://oldcluster:8020/x" and "hdfs://oldcluster/x", never
//    "hdfs://oldcluster:80200/x" or "hdfs://oldcluster2/x".
//  * The authority must end where the location's authority ends ('/', end of text, or a
//    character that cannot be part of an authority such as a quote or space).
//  * Only scheme://authority is replaced; the path is kept byte for byte.
//  * Several --from may map to one --to.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace hmig::conf {

struct AuthorityMatch {
  size_t begin = 0;  // offset of the scheme's first character in the text
  size_t end = 0;    // offset just past the authority (where the path starts)
  size_t rule = 0;   // index of the --from that matched
};

class AuthorityMatcher {
 public:
  // InvalidArgument when a --from or --to is not scheme://authority[/], or --from is empty.
  static Result<AuthorityMatcher> Create(const std::vector<std::string>& from,
                                         const std::string& to);

  // True when `uri` (a whole location) names one of the --from authorities.
  bool Matches(std::string_view uri) const;
  // `uri` with its scheme://authority replaced by --to, or nullopt when it does not match.
  std::optional<std::string> Rewrite(std::string_view uri) const;

  // Every old-cluster URI inside free text (scripts, XML, properties), left to right.
  std::vector<AuthorityMatch> FindAll(std::string_view text) const;
  // `text` with every match replaced by --to; `count` (optional) receives the number.
  std::string RewriteAll(std::string_view text, size_t* count = nullptr) const;

  const std::string& to() const { return to_; }
  // The --from host names (lower case, IPv6 without brackets), each once.
  std::vector<std::string> hosts() const;
  const std::vector<std::string>& from() const { return from_text_; }

 private:
  struct Rule {
    std::string scheme;  // lower case
    std::string host;    // lower case, without [] for IPv6
    int port = -1;       // explicit or the scheme default; -1 = none
  };
  // Length of "scheme://authority" at text[pos] when it matches a rule, with the rule index.
  std::optional<std::pair<size_t, size_t>> MatchAt(std::string_view text, size_t pos) const;

  std::vector<Rule> rules_;
  std::vector<std::string> from_text_;
  std::string to_;  // scheme://authority, without a trailing '/'
};

// The default port of a scheme hmig knows (hdfs: 8020), or -1.
int DefaultPort(std::string_view scheme);

}  // namespace hmig::conf
