// A bounded multi-producer multi-consumer queue: the walk produces work items while
// workers consume them, and a full queue holds the walk back, so memory stays
// bounded however large the tree.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace hmig::copy {

template <typename T>
class WorkQueue {
 public:
  explicit WorkQueue(size_t capacity) : capacity_(capacity) {}

  // Blocks while the queue is full; false (item dropped) once the queue is aborted.
  bool Push(T item) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || aborted_; });
    if (aborted_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  // Never blocks (a consumer adding work must not wait for itself); false once aborted.
  bool PushNow(T item) {
    std::lock_guard lock(mu_);
    if (aborted_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  size_t size() {
    std::lock_guard lock(mu_);
    return items_.size();
  }

  // Blocks for the next item; nullopt when the queue is closed and drained, or aborted.
  std::optional<T> Pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_ || aborted_; });
    if (aborted_ || items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

  // No more items will come: consumers drain what is queued, then stop.
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
  }

  // Stop now: queued items are dropped, blocked producers and consumers return.
  void Abort() {
    std::lock_guard lock(mu_);
    aborted_ = true;
    items_.clear();
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<T> items_;
  size_t capacity_;
  bool closed_ = false;
  bool aborted_ = false;
};

}  // namespace hmig::copy
