// Copies one file the safe way: data goes to a temp name in the target directory,
// is checked (length, and CRC32C of what was read against a re-read of what was
// written, unless -skipcrccheck), gets its -p attributes, and only then is renamed
// into place. A source that changes while it is read is detected and not committed.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "checksum/hdfs_checksum.h"
#include "copy/distcp_options.h"
#include "copy/planner.h"
#include "copy/preserve.h"
#include "fs/filesystem.h"
#include "util/throttle.h"

namespace hmig::copy {

// Prefix of every temp file hmig writes; a leftover one is recognisable.
inline constexpr const char* kTempPrefix = ".hmig.";
inline constexpr const char* kTempSuffix = ".tmp";
bool IsTempName(const std::string& name);

enum class FileOutcome { kCopied, kAppended, kSkippedSame };

struct FileCopyResult {
  FileOutcome outcome = FileOutcome::kCopied;
  uint64_t bytes = 0;  // bytes written to the target
  // What the journal records: the source as copied, the target as left.
  uint64_t src_length = 0;
  int64_t src_mtime_ns = 0;
  uint64_t dst_length = 0;
  int64_t dst_mtime_ns = 0;
};

struct CopySettings {
  bool skip_crc = false;
  bool direct = false;
  PreserveSet preserve;
  size_t buffer_size = 1 << 20;
};

// One per worker thread; not thread-safe.
class FileCopier {
 public:
  FileCopier(const CopySettings& settings, double bytes_per_second, NotApplicableNotes& notes,
             std::atomic<uint64_t>* progress_bytes);

  // Carries out a kCopy, kCompare or kAppend item. On error nothing is left under
  // the final name that was not there before (except with -direct, where DistCp's
  // semantics leave the partial target: it is removed on a best-effort basis).
  Result<FileCopyResult> Run(fs::FileSystem& src_fs, fs::FileSystem& dst_fs, const PlanItem& item);

  // Applies the -p attributes to an entry that was not copied (skipped file,
  // existing or created directory).
  Status Preserve(fs::FileSystem& src_fs, fs::FileSystem& dst_fs, const PlanItem& item);

 private:
  Result<bool> ChecksumsEqual(fs::FileSystem& src_fs, fs::FileSystem& dst_fs, const PlanItem& item);
  Result<uint32_t> CrcOfRange(fs::FileSystem& fs, const std::string& path, uint64_t length);
  Result<FileCopyResult> CopyWhole(fs::FileSystem& src_fs, fs::FileSystem& dst_fs,
                                   const PlanItem& item);
  Result<FileCopyResult> CopyViaTemp(fs::FileSystem& src_fs, fs::FileSystem& dst_fs,
                                     const PlanItem& item);
  Result<FileCopyResult> AppendTail(fs::FileSystem& src_fs, fs::FileSystem& dst_fs,
                                    const PlanItem& item);
  // Streams [offset, offset+expected) of the source into `writer`, throttled;
  // returns the CRC32C of the bytes sent. kChanged if the source ends early or grows.
  // `also` (optional) sees the same bytes: an HDFS checksum computed on the way.
  Result<uint32_t> Stream(fs::RandomReader& reader, uint64_t offset, uint64_t expected,
                          fs::Writer& writer, const std::string& src_path,
                          checksum::HdfsChecksumBuilder* also = nullptr);
  // Checks what was written at `path` against the bytes that were sent.
  Status VerifyWritten(fs::FileSystem& dst_fs, const std::string& path, uint64_t length,
                       uint32_t sent_crc, checksum::HdfsChecksumBuilder* sent_hdfs);
  Status CheckSourceUnchanged(fs::FileSystem& src_fs, const fs::FileStatus& before);

  CopySettings settings_;
  Throttle throttle_;
  NotApplicableNotes& notes_;
  std::atomic<uint64_t>* progress_bytes_;
  std::vector<char> buffer_;
};

}  // namespace hmig::copy
