// The -delete candidates found during the walk, kept on disk until the copy has
// succeeded (only then may anything be deleted): a tree with millions of stale
// entries must not hold them all in memory. An unlinked temporary file, gone with
// the process. Safe for concurrent Add() calls.
#pragma once

#include <cstdio>
#include <functional>
#include <mutex>

#include "copy/planner.h"
#include "util/status.h"

namespace hmig::copy {

class DeleteSpill {
 public:
  DeleteSpill() = default;
  ~DeleteSpill();
  DeleteSpill(const DeleteSpill&) = delete;
  DeleteSpill& operator=(const DeleteSpill&) = delete;

  Status Add(const DeleteItem& item);
  uint64_t size() const { return count_; }
  // Calls `visit` for every item in the order they were added; stops at the first error.
  Status ForEach(const std::function<Status(const DeleteItem&)>& visit);

 private:
  std::mutex mu_;
  std::FILE* file_ = nullptr;
  uint64_t count_ = 0;
};

}  // namespace hmig::copy
