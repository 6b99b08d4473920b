#include "copy/preserve.h"

namespace hmig::copy {

Status ApplyAttributes(fs::FileSystem& src_fs, const fs::FileStatus& src, fs::FileSystem& dst_fs,
                       const std::string& dst_path,
                       const std::optional<fs::FileStatus>& dst_current, const PreserveSet& p,
                       NotApplicableNotes& notes) {
  const fs::Capabilities caps = dst_fs.capabilities();
  const std::string scheme = dst_fs.root().scheme + "://";
  auto not_applicable = [&](const char* letter, const char* what) {
    notes.Add(std::string("-p") + letter + " (" + what + "): not applicable to " + scheme);
  };

  if (p.user || p.group) {
    if (!caps.owner_group) {
      not_applicable(p.user ? "u" : "g", "owner/group");
    } else {
      std::string owner = p.user ? src.owner : "";
      std::string group = p.group ? src.group : "";
      if (dst_current && owner == dst_current->owner) owner.clear();
      if (dst_current && group == dst_current->group) group.clear();
      if (!owner.empty() || !group.empty()) {
        HMIG_RETURN_IF_ERROR(dst_fs.SetOwner(dst_path, owner, group));
      }
    }
  }
  if (p.permission) {
    if (!caps.permission) {
      not_applicable("p", "permission");
    } else if (!dst_current || dst_current->permission != src.permission || p.user || p.group) {
      // After a chown the kernel may have cleared setuid/setgid: always re-apply then.
      HMIG_RETURN_IF_ERROR(dst_fs.SetPermission(dst_path, src.permission));
    }
  }
  if (p.acl) {
    if (!caps.acls) {
      not_applicable("a", "ACL");
    } else {
      HMIG_ASSIGN_OR_RETURN(fs::AclEntries acl, src_fs.GetAcl(src.path));
      if (!acl.empty() || !dst_current || dst_current->has_acl) {
        HMIG_ASSIGN_OR_RETURN(fs::AclEntries current, dst_fs.GetAcl(dst_path));
        if (current != acl) HMIG_RETURN_IF_ERROR(dst_fs.SetAcl(dst_path, acl));
      }
    }
  }
  if (p.xattr) {
    if (!caps.xattrs) {
      not_applicable("x", "extended attributes");
    } else {
      HMIG_ASSIGN_OR_RETURN(fs::XAttrs want, src_fs.GetXAttrs(src.path));
      if (!want.empty()) {
        HMIG_ASSIGN_OR_RETURN(fs::XAttrs have, dst_fs.GetXAttrs(dst_path));
        for (const auto& [name, value] : want) {
          auto it = have.find(name);
          if (it == have.end() || it->second != value) {
            HMIG_RETURN_IF_ERROR(dst_fs.SetXAttr(dst_path, name, value));
          }
        }
      }
    }
  }
  if (p.replication) {
    if (!caps.replication) {
      not_applicable("r", "replication");
    } else if (src.is_file() && src.replication > 0 &&
               (!dst_current || dst_current->replication != src.replication)) {
      HMIG_RETURN_IF_ERROR(dst_fs.SetReplication(dst_path, src.replication));
    }
  }
  if (p.block_size && !caps.block_size) not_applicable("b", "block size");
  if (p.checksum_type && !caps.checksum_type) not_applicable("c", "checksum type");
  if (p.times) {
    if (!caps.times) {
      not_applicable("t", "times");
    } else if (!dst_current || dst_current->mtime_ns != src.mtime_ns ||
               dst_current->atime_ns != src.atime_ns) {
      HMIG_RETURN_IF_ERROR(dst_fs.SetTimes(dst_path, src.mtime_ns, src.atime_ns));
    }
  }
  return Status::OK();
}

}  // namespace hmig::copy
