// DistCp's -f LISTFILE: the sources, one per line, read from a file on any backend.
#pragma once

#include <string>
#include <vector>

#include "util/status.h"

namespace hmig::copy {

// Reads `location` (a path or URI) and returns its non-empty lines (CR LF or LF).
// kInvalidArgument when it names no source.
Result<std::vector<std::string>> ReadSourceList(const std::string& location);

}  // namespace hmig::copy
