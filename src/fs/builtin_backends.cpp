#include "fs/builtin_backends.h"

#include "fs/local/local_fs.h"
#include "fs/webhdfs/webhdfs_backend.h"

namespace hmig::fs {

void RegisterBuiltinBackends(const SchemeSink& sink) {
  sink("file", [](const Uri&) -> Result<std::shared_ptr<FileSystem>> {
    return std::shared_ptr<FileSystem>(MakeLocalFileSystem());
  });
  webhdfs::RegisterWebHdfsBackends(sink);
}

}  // namespace hmig::fs
