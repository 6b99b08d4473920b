// FileSystem::ChecksumLike's default: read the file once and compute the HDFS
// checksum algorithm of the reference over its bytes.
#include <vector>

#include "checksum/hdfs_checksum.h"
#include "fs/filesystem.h"

namespace hmig::fs {

Result<checksum::FileChecksum> FileSystem::ChecksumLike(const std::string& path,
                                                        const checksum::FileChecksum& like) {
  if (capabilities().server_side_checksum) {
    // Cheap to ask; only worth using when it already matches.
    auto native = Checksum(path);
    if (native.ok() && native->ComparableWith(like)) return native;
  }
  auto params = checksum::ParamsToMatch(like);
  if (!params.ok()) return params.status().WithPath(path);
  HMIG_ASSIGN_OR_RETURN(auto reader, OpenRead(path));
  checksum::HdfsChecksumBuilder builder(*params);
  std::vector<char> buffer(1 << 20);
  uint64_t offset = 0;
  while (true) {
    HMIG_ASSIGN_OR_RETURN(size_t n, reader->ReadAt(offset, buffer.data(), buffer.size()));
    if (n == 0) break;
    builder.Update(buffer.data(), n);
    offset += n;
  }
  if (offset != reader->size()) {
    return Status(StatusCode::kChanged, "file changed size while its checksum was computed", path);
  }
  return builder.Finish();
}

}  // namespace hmig::fs
