#include "fs/builtin_backends.h"

#include "fs/local/local_fs.h"

namespace hmig::fs {

void RegisterBuiltinBackends(const SchemeSink& sink) {
  sink("file", [](const Uri&) -> Result<std::shared_ptr<FileSystem>> {
    return std::shared_ptr<FileSystem>(MakeLocalFileSystem());
  });
}

}  // namespace hmig::fs
