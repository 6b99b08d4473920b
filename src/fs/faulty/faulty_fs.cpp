#include "fs/faulty/faulty_fs.h"

#include <algorithm>

namespace hmig::fs {

namespace {

class FaultyWriter : public Writer {
 public:
  FaultyWriter(std::unique_ptr<Writer> base, bool fail, std::string path)
      : base_(std::move(base)), fail_(fail), path_(std::move(path)) {}
  Status Write(const void* data, size_t len) override {
    if (fail_) return Status(StatusCode::kTransient, "injected transient write error", path_);
    return base_->Write(data, len);
  }
  Status Close() override { return base_->Close(); }
  uint64_t written() const override { return base_->written(); }

 private:
  std::unique_ptr<Writer> base_;
  bool fail_;
  std::string path_;
};

class DroppingReader : public RandomReader {
 public:
  DroppingReader(std::unique_ptr<RandomReader> base, std::string path)
      : base_(std::move(base)), path_(std::move(path)) {}
  Result<size_t> ReadAt(uint64_t offset, void* buf, size_t len) override {
    uint64_t half = base_->size() / 2;
    if (offset + len > half && base_->size() > 1) {
      if (offset >= half) {
        return Status(StatusCode::kTransient, "injected: connection dropped mid-stream", path_);
      }
      len = static_cast<size_t>(half - offset);
    }
    return base_->ReadAt(offset, buf, len);
  }
  uint64_t size() const override { return base_->size(); }

 private:
  std::unique_ptr<RandomReader> base_;
  std::string path_;
};

}  // namespace

FaultyFileSystem::FaultyFileSystem(std::shared_ptr<FileSystem> base, FaultPlan plan)
    : base_(std::move(base)), plan_(std::move(plan)) {}

bool FaultyFileSystem::TakeFault(const std::string& kind, const std::string& key, int budget) {
  std::lock_guard lock(mu_);
  int& used = used_[kind + "\n" + key];
  if (used >= budget) return false;
  ++used;
  ++injected_;
  return true;
}

int FaultyFileSystem::injected() const {
  std::lock_guard lock(mu_);
  return injected_;
}

Result<std::unique_ptr<RandomReader>> FaultyFileSystem::OpenRead(const std::string& path) {
  if (std::find(plan_.vanish_on_open.begin(), plan_.vanish_on_open.end(), path) !=
          plan_.vanish_on_open.end() &&
      TakeFault("vanish", path, 1)) {
    (void)base_->Delete(path, false);
    return Status(StatusCode::kNotFound, "cannot open for reading: No such file or directory",
                  path);
  }
  HMIG_ASSIGN_OR_RETURN(auto reader, base_->OpenRead(path));
  if (TakeFault("read", path, plan_.dropped_reads_per_file)) {
    return std::unique_ptr<RandomReader>(new DroppingReader(std::move(reader), path));
  }
  return reader;
}

Result<std::unique_ptr<Writer>> FaultyFileSystem::Create(const std::string& path,
                                                         const CreateOptions& o) {
  HMIG_ASSIGN_OR_RETURN(auto writer, base_->Create(path, o));
  // Temp names are random, so faults are budgeted per directory and size class.
  bool fail = TakeFault("write", ParentPath(path), plan_.transient_write_failures_per_file);
  return std::unique_ptr<Writer>(new FaultyWriter(std::move(writer), fail, path));
}

}  // namespace hmig::fs
