// A decorator that injects failures into another FileSystem, to prove the copy
// engine's safety invariants on any backend (Arrow's SlowFileSystem idea): transient
// write or read errors, a stream dropped halfway, a source that vanishes when it is
// opened. Faults are counted per path so "fail the first N attempts" is expressible.
// Safe for concurrent use by multiple threads.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "fs/filesystem.h"

namespace hmig::fs {

struct FaultPlan {
  // Fail this many Write calls per created file (counted per final parent+name
  // pattern below) with kTransient before letting writes through.
  int transient_write_failures_per_file = 0;
  // Fail reads at half of each file this many times per path with kTransient.
  int dropped_reads_per_file = 0;
  // Paths (exact) whose file is deleted when first opened for reading.
  std::vector<std::string> vanish_on_open = {};
};

class FaultyFileSystem : public FileSystem {
 public:
  FaultyFileSystem(std::shared_ptr<FileSystem> base, FaultPlan plan);

  const Uri& root() const override { return base_->root(); }
  std::string Endpoint() const override { return base_->Endpoint(); }
  Capabilities capabilities() const override {
    Capabilities c = base_->capabilities();
    c.positional_write = false;  // faults are injected into named sequential writes only
    c.unnamed_create = false;
    return c;
  }
  Result<FileStatus> Stat(const std::string& p) override { return base_->Stat(p); }
  Status List(const std::string& p, const ListVisitor& v) override { return base_->List(p, v); }
  Result<std::unique_ptr<RandomReader>> OpenRead(const std::string& path) override;
  Result<std::unique_ptr<Writer>> Create(const std::string& path, const CreateOptions& o) override;
  Result<std::unique_ptr<Writer>> Append(const std::string& p) override { return base_->Append(p); }
  Status Mkdirs(const std::string& p, std::optional<uint32_t> m) override {
    return base_->Mkdirs(p, m);
  }
  Status Rename(const std::string& s, const std::string& d, bool o) override {
    return base_->Rename(s, d, o);
  }
  Status Delete(const std::string& p, bool r) override { return base_->Delete(p, r); }
  Status SetPermission(const std::string& p, uint32_t m) override {
    return base_->SetPermission(p, m);
  }
  Status SetOwner(const std::string& p, const std::string& o, const std::string& g) override {
    return base_->SetOwner(p, o, g);
  }
  Status SetTimes(const std::string& p, int64_t m, int64_t a) override {
    return base_->SetTimes(p, m, a);
  }
  Status SetReplication(const std::string& p, uint32_t r) override {
    return base_->SetReplication(p, r);
  }
  Result<AclEntries> GetAcl(const std::string& p) override { return base_->GetAcl(p); }
  Status SetAcl(const std::string& p, const AclEntries& e) override { return base_->SetAcl(p, e); }
  Result<XAttrs> GetXAttrs(const std::string& p) override { return base_->GetXAttrs(p); }
  Status SetXAttr(const std::string& p, const std::string& n, const std::string& v) override {
    return base_->SetXAttr(p, n, v);
  }
  Status RemoveXAttr(const std::string& p, const std::string& n) override {
    return base_->RemoveXAttr(p, n);
  }
  Result<checksum::FileChecksum> Checksum(const std::string& p) override {
    return base_->Checksum(p);
  }
  Result<uint64_t> FreeSpace(const std::string& p) override { return base_->FreeSpace(p); }

  // How many faults were injected so far.
  int injected() const;

 private:
  // Returns true (and counts) while `key` still has faults of `kind` left.
  bool TakeFault(const std::string& kind, const std::string& key, int budget);

  std::shared_ptr<FileSystem> base_;
  FaultPlan plan_;
  mutable std::mutex mu_;
  std::map<std::string, int> used_;
  int injected_ = 0;
};

}  // namespace hmig::fs
