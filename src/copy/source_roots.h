// DistCp's source-path rules: where each source lands under the target.
//
// Without -update/-overwrite a source directory is copied AS a child of an existing
// target (target/<name>); with -update or -overwrite its CONTENTS go into the target.
// A single source copied to a target that does not exist becomes the target. A
// single file copied onto an existing directory lands inside it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fs/filesystem.h"

namespace hmig::copy {

struct SourceInput {
  std::string location;   // as the user gave it (for messages)
  fs::FileStatus status;  // of the source root
  bool is_root = false;   // "/" of its filesystem
};

// Where each source's entries go: an entry at <source>/<rel> is copied to
// JoinPath(target_root, rel).
struct SourceMapping {
  std::string target_root;
};

// `target` is the target path (within its filesystem); `target_status` is nullopt
// when it does not exist. Errors: several sources onto an existing file.
Result<std::vector<SourceMapping>> MapSourcesToTarget(
    const std::vector<SourceInput>& sources, const std::string& target,
    const std::optional<fs::FileStatus>& target_status,
    bool contents_mode /* -update or -overwrite */);

}  // namespace hmig::copy
