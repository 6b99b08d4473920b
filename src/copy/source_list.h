// DistCp's -f LISTFILE: the sources, one per line, read from a file on any backend.
#pragma once

#include <string>
#include <vector>

#include "fs/filesystem.h"
#include "util/status.h"

namespace hmig::copy {

struct ResolvedSource {
  fs::Resolved where;
  fs::FileStatus status;  // of the source root
};

// Reads `location` (a path or URI) and returns its non-empty lines (CR LF or LF).
// kInvalidArgument when it names no source.
Result<std::vector<std::string>> ReadSourceList(const std::string& location);

// A job's sources: `*sources`, or (when `list_file` is set) the lines of that file,
// which then replace `*sources`. Each is resolved and stat'ed; a missing one is
// kNotFound "source does not exist" naming it, before anything else happens.
Result<std::vector<ResolvedSource>> ResolveSources(std::vector<std::string>* sources,
                                                   const std::string& list_file);

}  // namespace hmig::copy
