#include "verify/attributes.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace hmig::verify {

copy::PreserveSet ComparableAttributes(const copy::PreserveSet& wanted, const fs::FileSystem& src,
                                       const fs::FileSystem& dst, std::set<std::string>* notes) {
  const fs::Capabilities a = src.capabilities(), b = dst.capabilities();
  copy::PreserveSet p;
  auto take = [&](bool want, bool held_by_src, bool held_by_dst, const char* letter,
                  const char* what) {
    if (!want) return false;
    if (held_by_src && held_by_dst) return true;
    const fs::FileSystem& missing = held_by_src ? dst : src;
    notes->insert(fmt::format("-p{} ({}): not compared, {} does not hold it", letter, what,
                              missing.root().scheme + "://"));
    return false;
  };
  p.user = take(wanted.user, a.owner_group, b.owner_group, "u", "owner");
  p.group = take(wanted.group, a.owner_group, b.owner_group, "g", "group");
  p.permission = take(wanted.permission, a.permission, b.permission, "p", "permission");
  p.times = take(wanted.times, a.times, b.times, "t", "modification time");
  p.acl = take(wanted.acl, a.acls, b.acls, "a", "ACL");
  p.xattr = take(wanted.xattr, a.xattrs, b.xattrs, "x", "extended attributes");
  p.replication = take(wanted.replication, a.replication, b.replication, "r", "replication");
  p.block_size = take(wanted.block_size, a.block_size, b.block_size, "b", "block size");
  if (wanted.checksum_type) {
    notes->insert(
        "-pc (checksum type): not compared; checksums themselves are compared unless --size-only");
  }
  return p;
}

std::string CompareListedAttributes(const fs::FileStatus& s, const fs::FileStatus& d,
                                    const copy::PreserveSet& p) {
  std::string out;
  auto add = [&](const std::string& text) {
    if (!out.empty()) out += "; ";
    out += text;
  };
  if (p.user && s.owner != d.owner) add(fmt::format("owner {} vs {}", s.owner, d.owner));
  if (p.group && s.group != d.group) add(fmt::format("group {} vs {}", s.group, d.group));
  if (p.permission && s.permission != d.permission) {
    add(fmt::format("permission {:04o} vs {:04o}", s.permission, d.permission));
  }
  if (p.times && s.mtime_ns / 1000000 != d.mtime_ns / 1000000) {
    add(fmt::format("mtime {} vs {} (ms since epoch)", s.mtime_ns / 1000000, d.mtime_ns / 1000000));
  }
  if (p.replication && s.is_file() && s.replication != d.replication) {
    add(fmt::format("replication {} vs {}", s.replication, d.replication));
  }
  if (p.block_size && s.is_file() && s.block_size != d.block_size) {
    add(fmt::format("block size {} vs {}", s.block_size, d.block_size));
  }
  return out;
}

Result<std::string> CompareAclAndXAttrs(fs::FileSystem& src_fs, const fs::FileStatus& src,
                                        fs::FileSystem& dst_fs, const fs::FileStatus& dst,
                                        const copy::PreserveSet& p) {
  std::string out;
  if (p.acl) {
    HMIG_ASSIGN_OR_RETURN(fs::AclEntries a, src_fs.GetAcl(src.path));
    HMIG_ASSIGN_OR_RETURN(fs::AclEntries b, dst_fs.GetAcl(dst.path));
    if (a != b) {
      out += fmt::format("ACL [{}] vs [{}]", fmt::join(a, ","), fmt::join(b, ","));
    }
  }
  if (p.xattr) {
    HMIG_ASSIGN_OR_RETURN(fs::XAttrs a, src_fs.GetXAttrs(src.path));
    HMIG_ASSIGN_OR_RETURN(fs::XAttrs b, dst_fs.GetXAttrs(dst.path));
    if (a != b) {
      std::string names;
      for (const auto& [name, value] : a) {
        auto it = b.find(name);
        if (it == b.end()) {
          names += (names.empty() ? "" : ", ") + name + " missing at target";
        } else if (it->second != value) {
          names += (names.empty() ? "" : ", ") + name + " differs";
        }
      }
      for (const auto& [name, value] : b) {
        if (!a.count(name)) names += (names.empty() ? "" : ", ") + name + " extra at target";
      }
      if (!out.empty()) out += "; ";
      out += "xattrs: " + names;
    }
  }
  return out;
}

}  // namespace hmig::verify
