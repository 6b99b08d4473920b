#include "copy/delete_spill.h"

#include <cerrno>
#include <cstdint>
#include <string>

namespace hmig::copy {

DeleteSpill::~DeleteSpill() {
  if (file_) std::fclose(file_);
}

Status DeleteSpill::Add(const DeleteItem& item) {
  std::lock_guard lock(mu_);
  if (!file_) {
    file_ = std::tmpfile();
    if (!file_) return Status::FromErrno(errno, "cannot create a temporary file for -delete", "");
  }
  // Length-prefixed: paths may hold any byte but NUL, newlines included.
  uint32_t len = static_cast<uint32_t>(item.path.size());
  char is_dir = item.is_dir ? 1 : 0;
  if (std::fwrite(&len, sizeof len, 1, file_) != 1 ||
      std::fwrite(item.path.data(), 1, len, file_) != len || std::fputc(is_dir, file_) == EOF) {
    return Status::FromErrno(errno, "cannot write the -delete list to a temporary file", "");
  }
  ++count_;
  return Status::OK();
}

Status DeleteSpill::ForEach(const std::function<Status(const DeleteItem&)>& visit) {
  std::lock_guard lock(mu_);
  if (!file_) return Status::OK();
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) {
    return Status::FromErrno(errno, "cannot read back the -delete list", "");
  }
  DeleteItem item;
  for (uint64_t i = 0; i < count_; ++i) {
    uint32_t len = 0;
    bool ok = std::fread(&len, sizeof len, 1, file_) == 1;
    if (ok) {
      item.path.resize(len);
      ok = std::fread(item.path.data(), 1, len, file_) == len;
    }
    int is_dir = ok ? std::fgetc(file_) : EOF;
    if (is_dir == EOF) return Status::IOError("the -delete list in a temporary file is truncated");
    item.is_dir = is_dir != 0;
    HMIG_RETURN_IF_ERROR(visit(item));
  }
  return Status::OK();
}

}  // namespace hmig::copy
