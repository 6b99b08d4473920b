#include "fs/local/mapped_crc.h"

#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <csetjmp>
#include <csignal>
#include <mutex>

#include "checksum/crc.h"

namespace hmig::fs {

namespace {

// Set while this thread reads a mapping: a SIGBUS then means the file shrank under
// it, and the read is abandoned (the CRC loop holds no resources to unwind).
thread_local sigjmp_buf* t_on_sigbus = nullptr;
struct sigaction g_previous_sigbus;

void OnSigbus(int sig, siginfo_t* info, void* context) {
  if (t_on_sigbus) siglongjmp(*t_on_sigbus, 1);
  // Not ours: behave as before we were installed.
  if (g_previous_sigbus.sa_flags & SA_SIGINFO) {
    if (g_previous_sigbus.sa_sigaction) return g_previous_sigbus.sa_sigaction(sig, info, context);
  } else if (g_previous_sigbus.sa_handler != SIG_DFL && g_previous_sigbus.sa_handler != SIG_IGN) {
    return g_previous_sigbus.sa_handler(sig);
  }
  signal(SIGBUS, SIG_DFL);
  raise(SIGBUS);
}

void InstallSigbusHandler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa = {};
    sa.sa_sigaction = OnSigbus;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, &g_previous_sigbus);
  });
}

// Mapped in windows of 4 MiB: mapped pages count in the process's resident set, so
// small windows keep peak RSS honest (a 1 GiB file does not look like 1 GiB of
// memory), and 256 mmap calls per GiB cost nothing next to reading it.
constexpr uint64_t kWindow = 4ull << 20;

}  // namespace

Result<uint32_t> MappedCrc32c(int fd, uint64_t length, const std::string& path) {
  InstallSigbusHandler();
  uint32_t crc = 0;
  for (uint64_t offset = 0; offset < length; offset += kWindow) {
    const size_t len = static_cast<size_t>(std::min(kWindow, length - offset));
    void* map =
        mmap(nullptr, len, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, static_cast<off_t>(offset));
    if (map == MAP_FAILED)
      return Status::FromErrno(errno, "cannot map the file to checksum it", path);
    madvise(map, len, MADV_SEQUENTIAL);
    sigjmp_buf on_sigbus;
    if (sigsetjmp(on_sigbus, 1) != 0) {
      t_on_sigbus = nullptr;
      munmap(map, len);
      return Status(StatusCode::kChanged, "file shrank while its checksum was computed", path);
    }
    t_on_sigbus = &on_sigbus;
    crc = checksum::Crc32c(map, len, crc);
    t_on_sigbus = nullptr;
    munmap(map, len);
  }
  return crc;
}

}  // namespace hmig::fs
