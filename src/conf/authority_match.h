// Authority-exact matching of cluster URIs for configs and job scripts: hmig's one
// matcher (util/authority_match.h, shared with the Hive metastore rewrite), under
// the names the conf code uses.
#pragma once

#include "util/authority_match.h"

namespace hmig::conf {

using hmig::AuthorityMatch;
using hmig::AuthorityMatcher;
using hmig::DefaultPort;

}  // namespace hmig::conf
