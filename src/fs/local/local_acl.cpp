#include "fs/local/local_acl.h"

#include <acl/libacl.h>
#include <sys/acl.h>
#include <sys/stat.h>

#include <cerrno>

namespace hmig::fs {

namespace {

struct AclHandle {
  acl_t acl = nullptr;
  ~AclHandle() {
    if (acl) acl_free(acl);
  }
};

// Appends the entries of `acl` as "prefixtag:qualifier:perms" strings.
Status AppendEntries(acl_t acl, const std::string& prefix, AclEntries* out,
                     const std::string& path) {
  char* text = acl_to_any_text(acl, prefix.c_str(), '\n', 0);
  if (!text) return Status::FromErrno(errno, "cannot format ACL", path);
  std::string all(text);
  acl_free(text);
  size_t start = 0;
  while (start < all.size()) {
    size_t end = all.find('\n', start);
    if (end == std::string::npos) end = all.size();
    if (end > start) out->push_back(all.substr(start, end - start));
    start = end + 1;
  }
  return Status::OK();
}

bool IsUnsupported(int err) {
  return err == ENOTSUP || err == ENOSYS;
}

}  // namespace

Result<AclEntries> GetPosixAcl(const std::string& path) {
  AclEntries out;
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return Status::FromErrno(errno, "cannot stat", path);
  if (S_ISLNK(st.st_mode)) return out;  // symlinks carry no ACL
  AclHandle access;
  access.acl = acl_get_file(path.c_str(), ACL_TYPE_ACCESS);
  if (!access.acl) {
    if (IsUnsupported(errno)) return out;
    return Status::FromErrno(errno, "cannot read ACL", path);
  }
  bool extended = acl_equiv_mode(access.acl, nullptr) != 0;
  AclEntries default_entries;
  if (S_ISDIR(st.st_mode)) {
    AclHandle def;
    def.acl = acl_get_file(path.c_str(), ACL_TYPE_DEFAULT);
    if (!def.acl) return Status::FromErrno(errno, "cannot read default ACL", path);
    if (acl_entries(def.acl) > 0) {
      HMIG_RETURN_IF_ERROR(AppendEntries(def.acl, "default:", &default_entries, path));
    }
  }
  if (!extended && default_entries.empty()) return out;
  HMIG_RETURN_IF_ERROR(AppendEntries(access.acl, "", &out, path));
  out.insert(out.end(), default_entries.begin(), default_entries.end());
  return out;
}

Status SetPosixAcl(const std::string& path, const AclEntries& entries) {
  std::string access_text, default_text;
  for (const auto& e : entries) {
    bool is_default = e.rfind("default:", 0) == 0;
    std::string& text = is_default ? default_text : access_text;
    if (!text.empty()) text.push_back(',');
    text.append(e, is_default ? 8 : 0, std::string::npos);
  }
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return Status::FromErrno(errno, "cannot stat", path);
  AclHandle access;
  access.acl = access_text.empty() ? acl_from_mode(st.st_mode) : acl_from_text(access_text.c_str());
  if (!access.acl) return Status::Invalid("malformed ACL '" + access_text + "'", path);
  if (acl_set_file(path.c_str(), ACL_TYPE_ACCESS, access.acl) != 0) {
    if (IsUnsupported(errno)) {
      return Status::Unsupported("the target filesystem does not support POSIX ACLs", path);
    }
    return Status::FromErrno(errno, "cannot set ACL", path);
  }
  if (S_ISDIR(st.st_mode)) {
    if (default_text.empty()) {
      if (acl_delete_def_file(path.c_str()) != 0 && !IsUnsupported(errno)) {
        return Status::FromErrno(errno, "cannot remove default ACL", path);
      }
    } else {
      AclHandle def;
      def.acl = acl_from_text(default_text.c_str());
      if (!def.acl) return Status::Invalid("malformed default ACL '" + default_text + "'", path);
      if (acl_set_file(path.c_str(), ACL_TYPE_DEFAULT, def.acl) != 0) {
        return Status::FromErrno(errno, "cannot set default ACL", path);
      }
    }
  } else if (!default_text.empty()) {
    return Status::Invalid("a default ACL can only be set on a directory", path);
  }
  return Status::OK();
}

}  // namespace hmig::fs
