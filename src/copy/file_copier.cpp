#include "copy/file_copier.h"

#include <fmt/format.h>

#include <random>

#include "checksum/crc.h"

namespace hmig::copy {

bool IsTempName(const std::string& name) {
  const std::string prefix = kTempPrefix, suffix = kTempSuffix;
  return name.size() > prefix.size() + suffix.size() && name.rfind(prefix, 0) == 0 &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string TempPathFor(const std::string& dst_path) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return JoinPath(ParentPath(dst_path),
                  fmt::format("{}{:016x}{}", kTempPrefix, rng(), kTempSuffix));
}

namespace {

// Removes a temp file on scope exit unless it was committed.
class TempGuard {
 public:
  TempGuard(fs::FileSystem& fs, std::string path) : fs_(fs), path_(std::move(path)) {}
  ~TempGuard() {
    if (!path_.empty()) (void)fs_.Delete(path_, false);
  }
  void Release() { path_.clear(); }

 private:
  fs::FileSystem& fs_;
  std::string path_;
};

}  // namespace

FileCopier::FileCopier(const CopySettings& settings, double bytes_per_second,
                       NotApplicableNotes& notes, std::atomic<uint64_t>* progress_bytes)
    : settings_(settings),
      throttle_(bytes_per_second),
      notes_(notes),
      progress_bytes_(progress_bytes),
      buffer_(settings.buffer_size) {}

Result<FileCopyResult> FileCopier::Run(fs::FileSystem& src_fs, fs::FileSystem& dst_fs,
                                       const PlanItem& item) {
  if (item.action == Action::kCompare) {
    HMIG_ASSIGN_OR_RETURN(bool same, ChecksumsEqual(src_fs, dst_fs, item));
    if (same) {
      HMIG_RETURN_IF_ERROR(Preserve(src_fs, dst_fs, item));
      int64_t mtime = settings_.preserve.times ? item.src.mtime_ns : item.dst->mtime_ns;
      return FileCopyResult{FileOutcome::kSkippedSame, 0,    item.src.length, item.src.mtime_ns,
                            item.dst->length,          mtime};
    }
  }
  if (item.action == Action::kAppend) return AppendTail(src_fs, dst_fs, item);
  return CopyWhole(src_fs, dst_fs, item);
}

Status FileCopier::Preserve(fs::FileSystem& src_fs, fs::FileSystem& dst_fs, const PlanItem& item) {
  if (!settings_.preserve.any()) return Status::OK();
  return ApplyAttributes(src_fs, item.src, dst_fs, item.dst_path, item.dst, settings_.preserve,
                         notes_);
}

Result<bool> FileCopier::ChecksumsEqual(fs::FileSystem& src_fs, fs::FileSystem& dst_fs,
                                        const PlanItem& item) {
  const bool src_cheap = src_fs.capabilities().server_side_checksum;
  const bool dst_cheap = dst_fs.capabilities().server_side_checksum;
  if (src_cheap != dst_cheap) {
    // One side's checksum costs a request, the other's a read: take the cheap one and
    // compute the same algorithm over the other side's bytes (a local file against
    // HDFS's MD5-of-MD5-of-CRC with the HDFS file's block size and bytes-per-CRC).
    fs::FileSystem& cheap_fs = src_cheap ? src_fs : dst_fs;
    fs::FileSystem& other_fs = src_cheap ? dst_fs : src_fs;
    const std::string& cheap_path = src_cheap ? item.src.path : item.dst_path;
    const std::string& other_path = src_cheap ? item.dst_path : item.src.path;
    HMIG_ASSIGN_OR_RETURN(auto reference, cheap_fs.Checksum(cheap_path));
    auto like = other_fs.ChecksumLike(other_path, reference);
    if (like.ok() && like->ComparableWith(reference)) return *like == reference;
    if (!like.ok() && like.status().code() != StatusCode::kInvalidArgument &&
        like.status().code() != StatusCode::kUnsupported) {
      return like.status();
    }
  } else {
    HMIG_ASSIGN_OR_RETURN(auto src_sum, src_fs.Checksum(item.src.path));
    HMIG_ASSIGN_OR_RETURN(auto dst_sum, dst_fs.Checksum(item.dst_path));
    if (src_sum.ComparableWith(dst_sum)) return src_sum == dst_sum;
  }
  // Nothing comparable (e.g. two HDFS clusters with different block sizes and no
  // -pb): the length decides (the planner saw it equal), or with --verify-bytes
  // CRC32C over the bytes of both sides. Said once either way.
  if (!settings_.verify_bytes) {
    notes_.Add(
        "some checksums were not comparable (different algorithms or block sizes; -pb/-pc keep "
        "them comparable): those files were compared by length only (--verify-bytes reads both "
        "sides and compares their bytes)");
    return true;
  }
  notes_.Add(
      "some checksums were not comparable (different algorithms or block sizes; "
      "-pb/-pc keep them comparable): those files were compared byte by byte (--verify-bytes)");
  HMIG_ASSIGN_OR_RETURN(uint32_t a, CrcOfRange(src_fs, item.src.path, item.src.length));
  HMIG_ASSIGN_OR_RETURN(uint32_t b, CrcOfRange(dst_fs, item.dst_path, item.src.length));
  return a == b;
}

Result<uint32_t> FileCopier::CrcOfRange(fs::FileSystem& fs, const std::string& path,
                                        uint64_t length) {
  HMIG_ASSIGN_OR_RETURN(auto reader, fs.OpenRead(path));
  uint32_t crc = 0;
  uint64_t off = 0;
  while (off < length) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(buffer_.size(), length - off));
    HMIG_ASSIGN_OR_RETURN(size_t n, reader->ReadAt(off, buffer_.data(), want));
    if (n == 0) return Status(StatusCode::kChanged, "file is shorter than expected", path);
    crc = checksum::Crc32c(buffer_.data(), n, crc);
    off += n;
  }
  return crc;
}

Result<uint32_t> FileCopier::Stream(fs::RandomReader& reader, uint64_t offset, uint64_t expected,
                                    fs::Writer& writer, const std::string& src_path,
                                    checksum::HdfsChecksumBuilder* also) {
  uint32_t crc = 0;
  uint64_t end = offset + expected;
  uint64_t off = offset;
  // Reads exactly the expected bytes: a source that grows meanwhile is caught by the
  // length/mtime check after the copy (CheckSourceUnchanged), without one more read
  // per file to see the end.
  while (off < end) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(buffer_.size(), end - off));
    HMIG_ASSIGN_OR_RETURN(size_t n, reader.ReadAt(off, buffer_.data(), want));
    if (n == 0) break;
    crc = checksum::Crc32c(buffer_.data(), n, crc);
    if (also) also->Update(buffer_.data(), n);
    throttle_.Acquire(n);
    HMIG_RETURN_IF_ERROR(writer.Write(buffer_.data(), n));
    off += n;
    if (progress_bytes_) progress_bytes_->fetch_add(n, std::memory_order_relaxed);
  }
  if (off != end) {
    return Status(StatusCode::kChanged,
                  fmt::format("source shrank while it was being copied ({} of {} bytes)",
                              off - offset, expected),
                  src_path);
  }
  return crc;
}

Status FileCopier::CheckSourceUnchanged(fs::FileSystem& src_fs, const fs::FileStatus& before) {
  auto now = src_fs.Stat(before.path);
  if (!now.ok()) {
    if (now.status().code() == StatusCode::kNotFound) {
      return Status(StatusCode::kChanged, "source vanished while it was being copied", before.path);
    }
    return now.status();
  }
  if (now->length != before.length || now->mtime_ns != before.mtime_ns) {
    return Status(StatusCode::kChanged,
                  "source changed while it was being copied (length or mtime)", before.path);
  }
  return Status::OK();
}

Result<FileCopyResult> FileCopier::CopyWhole(fs::FileSystem& src_fs, fs::FileSystem& dst_fs,
                                             const PlanItem& item) {
  auto r = CopyViaTemp(src_fs, dst_fs, item);
  // Users know the target path, not the temp name it was written under.
  if (!r.ok() && r.status().path() != item.src.path && r.status().path() != item.dst_path &&
      IsTempName(BaseName(r.status().path()))) {
    return Status(r.status().code(),
                  r.status().message() + " (temp file " + BaseName(r.status().path()) + ")",
                  item.dst_path);
  }
  return r;
}

Result<FileCopyResult> FileCopier::CopyViaTemp(fs::FileSystem& src_fs, fs::FileSystem& dst_fs,
                                               const PlanItem& item) {
  // The status as of now, not as listed: a file rewritten since the listing is
  // copied as it is now, and must then stay so until it is committed.
  auto current = src_fs.Stat(item.src.path);
  if (!current.ok()) {
    if (current.status().code() == StatusCode::kNotFound) {
      return Status(StatusCode::kNotFound, "source vanished since it was listed", item.src.path);
    }
    return current.status();
  }
  const fs::FileStatus& src = *current;
  HMIG_ASSIGN_OR_RETURN(auto reader, src_fs.OpenRead(item.src.path));

  // A new file whose attributes are not asked for: written without a name and
  // linked in once verified (one directory update, nothing to clean up after a kill).
  if (!settings_.direct && !item.dst && !settings_.preserve.any() &&
      dst_fs.capabilities().unnamed_create) {
    auto unnamed = dst_fs.CreateUnnamed(ParentPath(item.dst_path));
    if (unnamed.ok()) return CopyUnnamed(src_fs, src, *reader, **unnamed, item);
    // Unsupported here, or the directory is still to be made (a file source whose
    // target's parents do not exist): the named way below handles both.
    if (unnamed.status().code() != StatusCode::kUnsupported &&
        unnamed.status().code() != StatusCode::kNotFound) {
      // Named after the file it was for, not the directory it failed in.
      return Status(unnamed.status().code(), unnamed.status().message(), item.dst_path);
    }
  }

  const std::string write_path = settings_.direct ? item.dst_path : TempPathFor(item.dst_path);
  fs::CreateOptions create;
  create.overwrite = settings_.direct;
  create.create_parents = true;
  if (settings_.preserve.block_size && src.block_size > 0) create.block_size = src.block_size;
  if (settings_.preserve.replication && src.replication > 0) create.replication = src.replication;
  HMIG_ASSIGN_OR_RETURN(auto writer, dst_fs.Create(write_path, create));
  TempGuard guard(dst_fs, write_path);

  // A target that computes checksums itself (HDFS) is checked against the checksum
  // it reports, computed here on the way with the parameters it most likely uses;
  // reading the file back would double the transfer.
  std::unique_ptr<checksum::HdfsChecksumBuilder> hdfs_sum;
  if (!settings_.skip_crc && dst_fs.capabilities().server_side_checksum) {
    checksum::HdfsChecksumParams params;  // HDFS defaults: CRC32C, 512 bytes per CRC
    if (create.block_size > 0) params.block_size = create.block_size;
    hdfs_sum = std::make_unique<checksum::HdfsChecksumBuilder>(params);
  }
  HMIG_ASSIGN_OR_RETURN(uint32_t crc,
                        Stream(*reader, 0, src.length, *writer, item.src.path, hdfs_sum.get()));
  HMIG_RETURN_IF_ERROR(writer->Close());
  HMIG_RETURN_IF_ERROR(CheckSourceUnchanged(src_fs, src));

  HMIG_ASSIGN_OR_RETURN(fs::FileStatus written, dst_fs.Stat(write_path));
  if (written.length != src.length) {
    return Status(StatusCode::kCorrupt,
                  fmt::format("target has {} bytes after the copy, source has {}", written.length,
                              src.length),
                  write_path);
  }
  if (!settings_.skip_crc) {
    HMIG_RETURN_IF_ERROR(VerifyWritten(dst_fs, write_path, src.length, crc, hdfs_sum.get()));
  }
  if (settings_.preserve.any()) {
    HMIG_RETURN_IF_ERROR(
        ApplyAttributes(src_fs, src, dst_fs, write_path, std::nullopt, settings_.preserve, notes_));
  }
  if (!settings_.direct) {
    HMIG_RETURN_IF_ERROR(
        dst_fs.Rename(write_path, item.dst_path, /*overwrite=*/item.dst.has_value()));
  }
  guard.Release();
  int64_t mtime = settings_.preserve.times ? src.mtime_ns : written.mtime_ns;
  return FileCopyResult{FileOutcome::kCopied, src.length, src.length,
                        src.mtime_ns,         src.length, mtime};
}

Result<FileCopyResult> FileCopier::CopyUnnamed(fs::FileSystem& src_fs, const fs::FileStatus& src,
                                               fs::RandomReader& reader, fs::Writer& writer,
                                               const PlanItem& item) {
  HMIG_ASSIGN_OR_RETURN(uint32_t crc, Stream(reader, 0, src.length, writer, item.src.path));
  HMIG_RETURN_IF_ERROR(writer.Close());
  HMIG_RETURN_IF_ERROR(CheckSourceUnchanged(src_fs, src));
  HMIG_ASSIGN_OR_RETURN(fs::FileStatus written, writer.WrittenStatus());
  if (written.length != src.length) {
    return Status(StatusCode::kCorrupt,
                  fmt::format("target has {} bytes after the copy, source has {}", written.length,
                              src.length),
                  item.dst_path);
  }
  if (!settings_.skip_crc) {
    HMIG_ASSIGN_OR_RETURN(uint32_t written_crc, writer.WrittenCrc32c());
    if (written_crc != crc) {
      return Status(
          StatusCode::kCorrupt,
          fmt::format("CRC32C of the written data {:08x} differs from the source's {:08x}",
                      written_crc, crc),
          item.dst_path);
    }
  }
  // Fails if something took the name meanwhile: never replaces what it did not plan to.
  HMIG_RETURN_IF_ERROR(writer.Publish(item.dst_path));
  return FileCopyResult{FileOutcome::kCopied, src.length, src.length,
                        src.mtime_ns,         src.length, written.mtime_ns};
}

Status FileCopier::VerifyWritten(fs::FileSystem& dst_fs, const std::string& path, uint64_t length,
                                 uint32_t sent_crc, checksum::HdfsChecksumBuilder* sent_hdfs) {
  if (sent_hdfs) {
    checksum::FileChecksum sent = sent_hdfs->Finish();
    auto reported = dst_fs.Checksum(path);
    if (reported.ok()) {
      if (reported->ComparableWith(checksum::FileChecksum::Crc32c(sent_crc))) {
        sent = checksum::FileChecksum::Crc32c(sent_crc);  // a COMPOSITE-CRC32C cluster
      }
      if (reported->ComparableWith(sent)) {
        if (*reported == sent) return Status::OK();
        return Status(StatusCode::kCorrupt,
                      "the target reports checksum " + reported->ToString() +
                          " for the written data, the bytes sent give " + sent.ToString(),
                      path);
      }
    }
    // Other parameters than guessed (block size, checksum type): read it back.
  } else if (!dst_fs.capabilities().server_side_checksum) {
    // The backend's own whole-file CRC32C (the local one reads the page cache in
    // place, without copying): the file's length was checked to be `length`.
    auto sum = dst_fs.Checksum(path);
    if (!sum.ok()) return sum.status();
    const auto sent = checksum::FileChecksum::Crc32c(sent_crc);
    if (sum->ComparableWith(sent)) {
      if (*sum == sent) return Status::OK();
      return Status(StatusCode::kCorrupt,
                    "CRC32C of the written data " + sum->ToString() +
                        " differs from the source's " + sent.ToString(),
                    path);
    }
  }
  HMIG_ASSIGN_OR_RETURN(uint32_t written_crc, CrcOfRange(dst_fs, path, length));
  if (written_crc != sent_crc) {
    return Status(StatusCode::kCorrupt,
                  fmt::format("CRC32C of the written data {:08x} differs from the source's {:08x}",
                              written_crc, sent_crc),
                  path);
  }
  return Status::OK();
}

Result<FileCopyResult> FileCopier::AppendTail(fs::FileSystem& src_fs, fs::FileSystem& dst_fs,
                                              const PlanItem& item) {
  const uint64_t have = item.dst->length;
  HMIG_ASSIGN_OR_RETURN(uint32_t dst_crc, CrcOfRange(dst_fs, item.dst_path, have));
  HMIG_ASSIGN_OR_RETURN(uint32_t prefix_crc, CrcOfRange(src_fs, item.src.path, have));
  if (dst_crc != prefix_crc || !dst_fs.capabilities().append) {
    return CopyWhole(src_fs, dst_fs, item);  // not a prefix: a full copy replaces it
  }
  HMIG_ASSIGN_OR_RETURN(fs::FileStatus src, src_fs.Stat(item.src.path));
  HMIG_ASSIGN_OR_RETURN(auto reader, src_fs.OpenRead(item.src.path));
  HMIG_ASSIGN_OR_RETURN(auto writer, dst_fs.Append(item.dst_path));
  HMIG_ASSIGN_OR_RETURN(uint32_t tail_crc,
                        Stream(*reader, have, src.length - have, *writer, item.src.path));
  HMIG_RETURN_IF_ERROR(writer->Close());
  HMIG_RETURN_IF_ERROR(CheckSourceUnchanged(src_fs, src));
  if (!settings_.skip_crc) {
    uint32_t expected =
        checksum::CrcCombine(checksum::CrcType::kCrc32c, prefix_crc, tail_crc, src.length - have);
    HMIG_ASSIGN_OR_RETURN(uint32_t got, CrcOfRange(dst_fs, item.dst_path, src.length));
    if (got != expected) {
      return Status(StatusCode::kCorrupt, "CRC32C after append differs from the source's",
                    item.dst_path);
    }
  }
  if (settings_.preserve.any()) {
    HMIG_RETURN_IF_ERROR(ApplyAttributes(src_fs, src, dst_fs, item.dst_path, std::nullopt,
                                         settings_.preserve, notes_));
  }
  HMIG_ASSIGN_OR_RETURN(fs::FileStatus after, dst_fs.Stat(item.dst_path));
  return FileCopyResult{FileOutcome::kAppended, src.length - have, src.length,
                        src.mtime_ns,           after.length,      after.mtime_ns};
}

}  // namespace hmig::copy
