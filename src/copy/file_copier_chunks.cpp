// FileCopier's chunked copy of one large file by several workers (see ChunkedFile).
#include <fmt/format.h>

#include "checksum/crc.h"
#include "copy/file_copier.h"

namespace hmig::copy {

Result<std::shared_ptr<ChunkedFile>> FileCopier::StartChunked(fs::FileSystem& src_fs,
                                                              fs::FileSystem& dst_fs,
                                                              const PlanItem& item,
                                                              uint64_t chunk_size) {
  auto current = src_fs.Stat(item.src.path);
  if (!current.ok()) {
    if (current.status().code() == StatusCode::kNotFound) {
      return Status(StatusCode::kNotFound, "source vanished since it was listed", item.src.path);
    }
    return current.status();
  }
  auto file = std::make_shared<ChunkedFile>();
  file->item = item;
  file->src = std::move(*current);
  file->chunk_size = chunk_size;
  file->chunks = static_cast<size_t>((file->src.length + chunk_size - 1) / chunk_size);
  file->crcs.assign(file->chunks, 0);
  file->remaining = file->chunks;
  file->temp_path = TempPathFor(item.dst_path);
  fs::CreateOptions create;
  create.create_parents = true;
  HMIG_ASSIGN_OR_RETURN(file->writer, dst_fs.Create(file->temp_path, create));
  file->dst_fs = &dst_fs;
  return file;
}

Status FileCopier::CopyChunk(fs::FileSystem& src_fs, ChunkedFile& file, size_t index) {
  HMIG_ASSIGN_OR_RETURN(auto reader, src_fs.OpenRead(file.src.path));
  const uint64_t begin = file.ChunkOffset(index);
  const uint64_t end = begin + file.ChunkLength(index);
  uint32_t crc = 0;
  for (uint64_t off = begin; off < end;) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(buffer_.size(), end - off));
    HMIG_ASSIGN_OR_RETURN(size_t n, reader->ReadAt(off, buffer_.data(), want));
    if (n == 0) {
      return Status(StatusCode::kChanged, "source shrank while it was being copied", file.src.path);
    }
    crc = checksum::Crc32c(buffer_.data(), n, crc);
    throttle_.Acquire(n);
    HMIG_RETURN_IF_ERROR(file.writer->WriteAt(off, buffer_.data(), n));
    off += n;
    if (progress_bytes_) progress_bytes_->fetch_add(n, std::memory_order_relaxed);
  }
  file.crcs[index] = crc;  // each chunk owns its slot
  return Status::OK();
}

Result<FileCopyResult> FileCopier::FinishChunked(fs::FileSystem& src_fs, fs::FileSystem& dst_fs,
                                                 ChunkedFile& file) {
  auto commit = [&]() -> Result<FileCopyResult> {
    {
      std::lock_guard lock(file.mu);
      if (!file.error.ok()) return file.error;
    }
    HMIG_RETURN_IF_ERROR(file.writer->Close());
    HMIG_RETURN_IF_ERROR(CheckSourceUnchanged(src_fs, file.src));
    HMIG_ASSIGN_OR_RETURN(fs::FileStatus written, dst_fs.Stat(file.temp_path));
    if (written.length != file.src.length) {
      return Status(StatusCode::kCorrupt,
                    fmt::format("target has {} bytes after the copy, source has {}", written.length,
                                file.src.length),
                    file.temp_path);
    }
    if (!settings_.skip_crc) {
      uint32_t crc = file.crcs.front();
      for (size_t i = 1; i < file.chunks; ++i) {
        crc = checksum::CrcCombine(checksum::CrcType::kCrc32c, crc, file.crcs[i],
                                   file.ChunkLength(i));
      }
      HMIG_RETURN_IF_ERROR(VerifyWritten(dst_fs, file.temp_path, file.src.length, crc, nullptr));
    }
    if (settings_.preserve.any()) {
      HMIG_RETURN_IF_ERROR(ApplyAttributes(src_fs, file.src, dst_fs, file.temp_path, std::nullopt,
                                           settings_.preserve, notes_));
    }
    HMIG_RETURN_IF_ERROR(dst_fs.Rename(file.temp_path, file.item.dst_path,
                                       /*overwrite=*/file.item.dst.has_value()));
    file.temp_gone = true;  // renamed into place
    int64_t mtime = settings_.preserve.times ? file.src.mtime_ns : written.mtime_ns;
    return FileCopyResult{FileOutcome::kCopied, file.src.length, file.src.length,
                          file.src.mtime_ns,    file.src.length, mtime};
  };
  auto result = commit();
  if (!result.ok()) {
    file.writer.reset();  // closes the file if Close() was not reached
    (void)dst_fs.Delete(file.temp_path, false);
    file.temp_gone = true;
  }
  return result;
}

}  // namespace hmig::copy
