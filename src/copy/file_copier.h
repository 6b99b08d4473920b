// Copies one file the safe way: data goes to a temp name in the target directory,
// is checked (length, and CRC32C of what was read against a re-read of what was
// written, unless -skipcrccheck), gets its -p attributes, and only then is renamed
// into place. A source that changes while it is read is detected and not committed.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
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
// A fresh temp name beside `dst_path`.
std::string TempPathFor(const std::string& dst_path);

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
  bool verify_bytes = false;  // incomparable checksums: compare bytes, not just length
  bool direct = false;
  PreserveSet preserve;
  size_t buffer_size = 1 << 20;
};

// A large file copied as several chunks by several workers at once, into one temp
// file written at offsets (DistCp's -blocksperchunk; rclone's multi-thread
// copy). Shared by the workers copying its chunks; the last one to finish
// commits it (see FileCopier::FinishChunked).
struct ChunkedFile {
  PlanItem item;
  fs::FileStatus src;  // the source as it was when the copy began
  std::string temp_path;
  std::unique_ptr<fs::Writer> writer;
  uint64_t chunk_size = 0;
  size_t chunks = 0;
  std::vector<uint32_t> crcs;  // CRC32C of each chunk, combined at the end
  std::atomic<size_t> remaining{0};
  std::mutex mu;
  Status error;  // first chunk failure
  // Where the temp file lives until committed: a job stopped before the last chunk
  // (disk full) drops the queued chunks, and the temp file goes with them.
  fs::FileSystem* dst_fs = nullptr;
  bool temp_gone = false;  // renamed into place or removed

  ChunkedFile() = default;
  ChunkedFile(const ChunkedFile&) = delete;
  ChunkedFile& operator=(const ChunkedFile&) = delete;
  ~ChunkedFile() {
    writer.reset();
    if (dst_fs && !temp_gone) (void)dst_fs->Delete(temp_path, false);
  }

  uint64_t ChunkOffset(size_t i) const { return chunk_size * i; }
  uint64_t ChunkLength(size_t i) const {
    return std::min<uint64_t>(chunk_size, src.length - ChunkOffset(i));
  }
  void Fail(const Status& s) {
    std::lock_guard lock(mu);
    if (error.ok()) error = s;
  }
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

  // The chunked copy of a kCopy item: StartChunked creates the temp file; each
  // chunk is copied by CopyChunk (any worker, in any order); FinishChunked, called
  // once after the last chunk, checks and commits the file, or removes the temp
  // file if a chunk failed (returning that failure).
  Result<std::shared_ptr<ChunkedFile>> StartChunked(fs::FileSystem& src_fs, fs::FileSystem& dst_fs,
                                                    const PlanItem& item, uint64_t chunk_size);
  Status CopyChunk(fs::FileSystem& src_fs, ChunkedFile& file, size_t index);
  Result<FileCopyResult> FinishChunked(fs::FileSystem& src_fs, fs::FileSystem& dst_fs,
                                       ChunkedFile& file);

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
  // CopyViaTemp for a new file written through FileSystem::CreateUnnamed.
  Result<FileCopyResult> CopyUnnamed(fs::FileSystem& src_fs, const fs::FileStatus& src,
                                     fs::RandomReader& reader, fs::Writer& writer,
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
