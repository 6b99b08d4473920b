// Authority-exact matching of cluster URIs: the one implementation behind the
// Hive metastore location rewrite (src/hive/location_matcher.h adds the
// metastore's policy: hdfs:// only, target != source) and the rewrite of
// hard-coded locations in configs and job scripts (src/conf).
//
// Rules:
//  * A --from URI is scheme://authority (a trailing '/' is allowed, no other path).
//  * A location matches when its scheme equals the --from scheme and its host equals the
//    --from host, both case-insensitively, and its port equals the --from port, where an
//    absent port means the scheme's default (hdfs: 8020; other schemes have none, so an
//    absent port only equals an absent port). Thus "hdfs://oldcluster:8020" matches
//    "hdfs://oldcluster:8020/x" and "hdfs://oldcluster/x", never
//    "hdfs://oldcluster:80200/x" or "hdfs://oldcluster2/x".
//  * A whole location (MatchLength, Matches, Rewrite) matches only when its authority is
//    followed by '/' or the end. Inside free text (FindAll) the authority must end where
//    the URI's authority ends: '/', the end, or a character that cannot continue an
//    authority (a quote, a space, '<', ...).
//  * Only scheme://authority is replaced; the path is kept byte for byte.
//  * Several --from may map to one --to.
// Matching allocates nothing: it runs for every value of a metastore dump.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace hmig {

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

  // Length of the matching "scheme://authority" at the start of `location`, 0 when it
  // does not name one of the --from authorities (followed by '/' or the end).
  size_t MatchLength(std::string_view location) const;
  bool Matches(std::string_view location) const { return MatchLength(location) > 0; }
  // `location` with its scheme://authority replaced by --to, or nullopt.
  std::optional<std::string> Rewrite(std::string_view location) const;

  // Every old-cluster URI inside free text (scripts, XML, properties), left to right.
  std::vector<AuthorityMatch> FindAll(std::string_view text) const;
  // `text` with every match replaced by --to; `count` (optional) receives the number.
  std::string RewriteAll(std::string_view text, size_t* count = nullptr) const;

  // --to as given, without a trailing '/'.
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
  // Length of "scheme://authority" at text[pos] when it matches a rule, and the rule;
  // the authority must be followed by a byte that cannot continue it.
  std::optional<std::pair<size_t, size_t>> MatchAt(std::string_view text, size_t pos) const;

  std::vector<Rule> rules_;
  std::vector<std::string> from_text_;
  std::string to_;
};

// The default port of a scheme hmig knows (hdfs: 8020), or -1.
int DefaultPort(std::string_view scheme);

}  // namespace hmig
