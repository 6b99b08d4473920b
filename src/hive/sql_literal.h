// Rewriting one location value in its on-disk SQL spelling without re-encoding
// it: the raw text is decoded to find the authority, and only the raw bytes of
// the "scheme://authority" prefix are replaced, so every other byte (escapes
// included) stays exactly as the dump tool wrote it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hive/location_matcher.h"

namespace hmig::hive {

// `raw` is the body of a quoted literal (without its quotes). `backslash_escapes`:
// MySQL strings and PostgreSQL E'' strings; a doubled `quote` is always one quote.
std::optional<std::string> RewriteQuotedLiteral(std::string_view raw, bool backslash_escapes,
                                                char quote, const LocationMatcher& matcher);

// `raw` is the hex digits of X'...'. The result keeps the digits' letter case.
std::optional<std::string> RewriteHexLiteral(std::string_view raw, const LocationMatcher& matcher);

// `raw` is one field of PostgreSQL COPY text format (\N is NULL).
std::optional<std::string> RewriteCopyField(std::string_view raw, const LocationMatcher& matcher);

}  // namespace hmig::hive
