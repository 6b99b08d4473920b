// Data streams of the WebHDFS backend: OPEN read positionally from a DataNode with
// reconnects at the current offset, CREATE/APPEND written as one chunked upload to
// the DataNode the NameNode chose.
#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "fs/webhdfs/webhdfs_fs.h"
#include "fs/webhdfs/webhdfs_json.h"

namespace hmig::fs::webhdfs {

namespace {

class WebHdfsReader : public RandomReader {
 public:
  WebHdfsReader(WebHdfsFileSystem* fs, std::string path, uint64_t size)
      : fs_(fs), path_(std::move(path)), size_(size) {}

  uint64_t size() const override { return size_; }

  Result<size_t> ReadAt(uint64_t offset, void* buf, size_t len) override {
    // OPEN at or past the end is an error on HDFS ("Offset=N out of the range").
    if (offset >= size_ || len == 0) return size_t{0};
    len = static_cast<size_t>(std::min<uint64_t>(len, size_ - offset));
    Status last;
    for (int attempt = 0; attempt <= fs_->options().read_retries; ++attempt) {
      // The first reopen is immediate (a stream that dropped after making progress
      // is the common case); later ones back off.
      if (attempt > 1)
        std::this_thread::sleep_for(std::chrono::milliseconds(100 << std::min(attempt, 5)));
      if (!stream_ || stream_pos_ != offset) {
        Status st = OpenAt(offset);
        if (!st.ok()) {
          if (!st.IsTransient()) return st;
          last = st;
          continue;
        }
      }
      auto got = stream_->Read(buf, len);
      if (got.ok() && *got > 0) {
        stream_pos_ += *got;
        return got;
      }
      Status st;
      if (!got.ok() && stream_->done() && stream_->response().status >= 300) {
        st = ErrorFromResponse(stream_->response(), "OPEN", path_);
      } else if (!got.ok()) {
        st = got.status().WithPath(path_);
      } else {
        // The body ended before the length the file had when opened.
        st = Status(StatusCode::kTransient,
                    "WebHDFS OPEN stream ended at offset " + std::to_string(offset) + " of " +
                        std::to_string(size_),
                    path_);
      }
      stream_.reset();
      if (!st.IsTransient()) return st;
      last = st;
    }
    return last;
  }

 private:
  Status OpenAt(uint64_t offset) {
    stream_.reset();
    std::string params = "&offset=" + std::to_string(offset);
    HMIG_ASSIGN_OR_RETURN(std::string location, fs_->DataLocation("GET", path_, "OPEN", params));
    if (location.empty()) {
      // An HttpFS gateway streams the data from the NameNode URL itself.
      location = fs_->NameNodeUrl(fs_->active_index(), path_, "OPEN", params);
    }
    auto stream = std::make_unique<StreamTransfer>(fs_->transport());
    HMIG_RETURN_IF_ERROR(stream->StartDownload(location));
    stream_ = std::move(stream);
    stream_pos_ = offset;
    return Status::OK();
  }

  WebHdfsFileSystem* fs_;
  std::string path_;
  uint64_t size_;
  std::unique_ptr<StreamTransfer> stream_;
  uint64_t stream_pos_ = 0;
};

class WebHdfsWriter : public Writer {
 public:
  WebHdfsWriter(std::unique_ptr<StreamTransfer> stream, std::string op, std::string path)
      : stream_(std::move(stream)), op_(std::move(op)), path_(std::move(path)) {}

  Status Write(const void* data, size_t len) override {
    if (closed_) return Status::Internal("write after close", path_);
    Status st = stream_->Write(data, len);
    if (!st.ok()) return Failure(st);
    written_ += len;
    return Status::OK();
  }

  Status Close() override {
    if (closed_) return Status::OK();
    closed_ = true;
    Status st = stream_->Finish();
    if (!st.ok()) return Failure(st);
    long status = stream_->response().status;
    if (status != 200 && status != 201) return ErrorFromResponse(stream_->response(), op_, path_);
    return Status::OK();
  }

  uint64_t written() const override { return written_; }

 private:
  Status Failure(const Status& st) {
    closed_ = true;
    if (stream_->done() && stream_->response().status >= 300) {
      return ErrorFromResponse(stream_->response(), op_, path_);
    }
    return Status(st.code() == StatusCode::kIOError ? StatusCode::kTransient : st.code(),
                  "WebHDFS " + op_ + " upload to the DataNode failed: " + st.message(), path_);
  }

  std::unique_ptr<StreamTransfer> stream_;
  std::string op_;
  std::string path_;
  uint64_t written_ = 0;
  bool closed_ = false;
};

}  // namespace

Result<std::unique_ptr<RandomReader>> WebHdfsFileSystem::OpenRead(const std::string& path) {
  HMIG_ASSIGN_OR_RETURN(FileStatus st, Stat(path));
  if (st.is_dir()) return Status::Invalid("is a directory", path);
  return std::unique_ptr<RandomReader>(new WebHdfsReader(this, path, st.length));
}

Result<std::unique_ptr<Writer>> WebHdfsFileSystem::OpenWriter(const std::string& method,
                                                              const std::string& path,
                                                              const std::string& op,
                                                              const std::string& params) {
  HMIG_ASSIGN_OR_RETURN(std::string location, DataLocation(method, path, op, params));
  if (location.empty()) {
    return Status(StatusCode::kIOError,
                  "WebHDFS " + op + " step 1 answered without a DataNode location", path);
  }
  auto stream = std::make_unique<StreamTransfer>(transport_);
  HMIG_RETURN_IF_ERROR(stream->StartUpload(method, location));
  return std::unique_ptr<Writer>(new WebHdfsWriter(std::move(stream), op, path));
}

Result<std::unique_ptr<Writer>> WebHdfsFileSystem::Create(const std::string& path,
                                                          const CreateOptions& options) {
  if (!options.overwrite) {
    // HDFS reports an existing file only at the DataNode step, after data was
    // sent; ask first so the caller gets kAlreadyExists from Create.
    auto st = Stat(path);
    if (st.ok()) return Status(StatusCode::kAlreadyExists, "file exists", path);
    if (st.status().code() != StatusCode::kNotFound) return st.status();
  }
  std::string params = "&overwrite=" + std::string(options.overwrite ? "true" : "false");
  params += "&createparent=" + std::string(options.create_parents ? "true" : "false");
  if (options.permission)
    params += "&permission=" + fmt::format("{:o}", *options.permission & 07777);
  if (options.replication) params += "&replication=" + std::to_string(options.replication);
  if (options.block_size) params += "&blocksize=" + std::to_string(options.block_size);
  return OpenWriter("PUT", path, "CREATE", params);
}

Result<std::unique_ptr<Writer>> WebHdfsFileSystem::Append(const std::string& path) {
  return OpenWriter("POST", path, "APPEND", "");
}

}  // namespace hmig::fs::webhdfs
