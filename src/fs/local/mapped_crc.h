// CRC32C of a local file without copying its bytes into user space: the file is
// mapped and ISA-L reads the page cache directly. Checking a freshly written 1 GiB
// file this way costs a third of reading it back with read(2).
#pragma once

#include <cstdint>
#include <string>

#include "util/status.h"

namespace hmig::fs {

// CRC32C of the first `length` bytes of the open file `fd` (`path` for messages).
// A file that shrinks below `length` meanwhile (the mapping's pages vanish: SIGBUS)
// gives kChanged instead of a crash.
Result<uint32_t> MappedCrc32c(int fd, uint64_t length, const std::string& path);

}  // namespace hmig::fs
