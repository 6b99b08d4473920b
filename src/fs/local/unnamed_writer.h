// A new local file written without a name (O_TMPFILE) and linked into its
// directory only once complete and verified: FileSystem::CreateUnnamed.
#pragma once

#include <memory>
#include <string>

#include "fs/filesystem.h"

namespace hmig::fs {

// kUnsupported where the directory's filesystem has no O_TMPFILE (NFS, old kernels).
Result<std::unique_ptr<Writer>> CreateUnnamedLocal(const std::string& dir);

}  // namespace hmig::fs
