// The embedded default backend: the local POSIX filesystem (file:// and plain paths).
// Permissions with setuid/setgid/sticky, owner and group by name, nanosecond times,
// POSIX ACLs (libacl) and extended attributes; no replication or block size.
#pragma once

#include <memory>

#include "fs/filesystem.h"

namespace hmig::fs {

std::unique_ptr<FileSystem> MakeLocalFileSystem();

}  // namespace hmig::fs
