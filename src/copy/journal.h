// The copy journal (SQLite): what each run has committed, so that a re-run after a
// kill -9, a power loss or a failed run finishes the job without re-reading or
// re-checksumming files already done, and reports the job's counters across runs.
//
// One journal per target root. A job is identified by a key (sources, target and
// the options that change what is copied); running the same command again resumes
// the last unfinished job with that key, or starts a new job that still trusts the
// committed records of earlier ones (-update's "is it unchanged?" question).
//
// A record says: target file T was committed from a source of length/mtime (L, M)
// and, after commit, had length/mtime (l, m). While both sides still show exactly
// those values the file needs no further look. Records are written in batches by a
// background thread; a batch lost to a crash only costs re-checking those files.
//
// Records are keyed by (parent directory, name) so that the walk, which plans one
// directory at a time, fetches a directory's records with one indexed query.
//
// Open() takes an exclusive lock: two runs on one target at once are refused.
// Safe for concurrent use by multiple threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "util/status.h"

struct sqlite3;

namespace hmig::copy {

struct JournalRecord {
  std::string dst;
  uint64_t src_length = 0;
  int64_t src_mtime_ns = 0;
  uint64_t dst_length = 0;
  int64_t dst_mtime_ns = 0;
  int64_t job_id = 0;
};

// Counters a job accumulated in earlier (killed or failed) runs.
struct JournalTotals {
  uint64_t files_copied = 0;
  uint64_t bytes_copied = 0;
  uint64_t files_appended = 0;
  uint64_t files_deleted = 0;
  uint64_t dirs_deleted = 0;
  uint64_t bytes_deleted = 0;
  uint64_t dirs_created = 0;
  uint64_t runs = 0;
};

class Journal {
 public:
  ~Journal();
  // Opens (creating) the journal database at `db_path` and resumes or starts the job
  // identified by `job_key`.
  static Result<std::unique_ptr<Journal>> Open(const std::string& db_path,
                                               const std::string& job_key);

  int64_t job_id() const { return job_id_; }
  bool resumed() const { return resumed_; }
  const JournalTotals& earlier_totals() const { return earlier_; }
  const std::string& path() const { return path_; }

  // The records of the files directly inside target directory `dir`, in byte order
  // of dst. Safe to call from several threads at once (each borrows its own read
  // connection), while records are being written.
  Result<std::vector<JournalRecord>> RecordsIn(const std::string& dir);

  // Queued; written by the background thread in batches. `copied` is false for a
  // file found identical by checksum (recorded so the next run need not re-read it).
  void RecordCommit(JournalRecord record, uint64_t bytes, bool appended, bool copied);
  void RecordDelete(const std::string& dst, uint64_t files, uint64_t dirs, uint64_t bytes);
  void RecordDirCreated();

  // Writes everything queued so far.
  Status Flush();
  // Flushes and marks the job finished (a later run starts a new job).
  Status Finish();

 private:
  Journal() = default;
  struct Op {
    enum Kind { kCommit, kDelete, kDirCreated } kind;
    JournalRecord record;
    uint64_t bytes = 0, files = 0, dirs = 0;
    bool appended = false;
    bool copied = false;
  };
  Status Exec(const char* sql);
  void WriterLoop();
  Status WriteBatch(const std::vector<Op>& batch);

  sqlite3* db_ = nullptr;
  std::mutex readers_mu_;
  std::vector<sqlite3*> idle_readers_;  // read connections not in use
  int lock_fd_ = -1;
  std::string path_;
  int64_t job_id_ = 0;
  bool resumed_ = false;
  JournalTotals earlier_;

  std::mutex db_mu_;  // guards the connection
  std::mutex mu_;     // guards the queue and the counters below
  std::condition_variable cv_;
  std::vector<Op> queue_;
  bool stop_ = false;
  bool flush_ = false;
  uint64_t enqueued_ = 0, written_ = 0;
  Status write_error_;
  std::thread writer_;
};

// Where a job's journal lives when neither --state nor -log is given: beside the
// target, in `<parent>/.hmig-state/<name>.journal` for a local target; under
// $HOME/.hmig/state/ for a remote one.
std::string DefaultJournalPath(const std::string& target_uri, bool target_is_local,
                               const std::string& target_path);

}  // namespace hmig::copy
