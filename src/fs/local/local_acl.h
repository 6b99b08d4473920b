// POSIX ACLs of local files through libacl, in HDFS aclspec text form.
#pragma once

#include <string>

#include "fs/filesystem.h"

namespace hmig::fs {

// The access ACL (base entries included) followed by the default ACL entries
// prefixed "default:"; empty when the file's ACL is just its permission bits.
Result<AclEntries> GetPosixAcl(const std::string& path);

// Sets the access ACL from the entries without "default:" and the default ACL
// (directories only) from the others. Empty entries remove any extended ACL.
Status SetPosixAcl(const std::string& path, const AclEntries& entries);

}  // namespace hmig::fs
