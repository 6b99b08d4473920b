#include "copy/journal.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>

#include "util/uri.h"

namespace hmig::copy {

namespace {

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Stmt() { sqlite3_finalize(stmt_); }
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return stmt_; }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void Bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  int Step() { return sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

const char* kSchema = R"(
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE IF NOT EXISTS jobs(
  id INTEGER PRIMARY KEY, key TEXT NOT NULL, started INTEGER NOT NULL, finished INTEGER,
  runs INTEGER NOT NULL DEFAULT 1,
  files_copied INTEGER NOT NULL DEFAULT 0, bytes_copied INTEGER NOT NULL DEFAULT 0,
  files_appended INTEGER NOT NULL DEFAULT 0, files_deleted INTEGER NOT NULL DEFAULT 0,
  dirs_deleted INTEGER NOT NULL DEFAULT 0, bytes_deleted INTEGER NOT NULL DEFAULT 0,
  dirs_created INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS records(
  parent TEXT NOT NULL, name TEXT NOT NULL, src_length INTEGER NOT NULL,
  src_mtime INTEGER NOT NULL, dst_length INTEGER NOT NULL, dst_mtime INTEGER NOT NULL,
  job_id INTEGER NOT NULL, PRIMARY KEY(parent, name)) WITHOUT ROWID;
)";

// Journals of schema 1 kept one row per full path; their records are only a
// shortcut (without them files are compared again), so they are dropped, while the
// jobs' totals stay.
const char* kUpgradeFrom1 = "DROP TABLE IF EXISTS files; PRAGMA user_version = 2;";

std::string ColumnText(sqlite3_stmt* stmt, int i) {
  return std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)),
                     static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
}

}  // namespace

std::string DefaultJournalPath(const std::string& target_uri, bool target_is_local,
                               const std::string& target_path) {
  std::string name = BaseName(target_path);
  if (name.empty()) name = "root";
  // The hash tells apart targets of the same name under different parents.
  std::string tag =
      fmt::format("{:08x}", static_cast<uint32_t>(std::hash<std::string>{}(target_uri)));
  if (target_is_local) {
    return JoinPath(ParentPath(target_path), ".hmig-state/" + name + "." + tag + ".journal");
  }
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "/tmp") + "/.hmig/state/" + name + "." + tag + ".journal";
}

Journal::~Journal() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (writer_.joinable()) writer_.join();
  for (sqlite3* r : idle_readers_) sqlite3_close(r);
  if (db_) sqlite3_close(db_);
  if (lock_fd_ >= 0) close(lock_fd_);
}

Status Journal::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::IOError("journal: " + msg, path_);
  }
  return Status::OK();
}

Result<std::unique_ptr<Journal>> Journal::Open(const std::string& db_path,
                                               const std::string& job_key) {
  std::unique_ptr<Journal> j(new Journal);
  j->path_ = db_path;
  std::error_code ec;
  std::filesystem::create_directories(ParentPath(db_path), ec);
  if (ec)
    return Status::FromErrno(ec.value(), "cannot create the journal directory",
                             ParentPath(db_path));
  std::string lock_path = db_path + ".lock";
  j->lock_fd_ = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (j->lock_fd_ < 0) return Status::FromErrno(errno, "cannot open the journal lock", lock_path);
  if (flock(j->lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    return Status(StatusCode::kAlreadyExists,
                  "another hmig run is using this journal (same target): wait for it to end",
                  db_path);
  }
  if (sqlite3_open_v2(db_path.c_str(), &j->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    return Status::IOError(std::string("cannot open the journal: ") + sqlite3_errmsg(j->db_),
                           db_path);
  }
  sqlite3_busy_timeout(j->db_, 5000);
  HMIG_RETURN_IF_ERROR(j->Exec(kSchema));
  {
    Stmt version(j->db_, "PRAGMA user_version");
    if (version.Step() == SQLITE_ROW && sqlite3_column_int64(version.get(), 0) < 2) {
      HMIG_RETURN_IF_ERROR(j->Exec(kUpgradeFrom1));
    }
  }

  Stmt find(
      j->db_,
      "SELECT id, runs, files_copied, bytes_copied, files_appended, files_deleted, "
      "dirs_deleted, bytes_deleted, dirs_created FROM jobs WHERE key = ? AND finished IS NULL "
      "ORDER BY id DESC LIMIT 1");
  find.Bind(1, job_key);
  if (find.Step() == SQLITE_ROW) {
    j->resumed_ = true;
    j->job_id_ = sqlite3_column_int64(find.get(), 0);
    auto col = [&](int i) { return static_cast<uint64_t>(sqlite3_column_int64(find.get(), i)); };
    j->earlier_ = {col(2), col(3), col(4), col(5), col(6), col(7), col(8), col(1)};
    Stmt bump(j->db_, "UPDATE jobs SET runs = runs + 1 WHERE id = ?");
    bump.Bind(1, j->job_id_);
    if (bump.Step() != SQLITE_DONE) return Status::IOError("journal: cannot update job", db_path);
  } else {
    Stmt insert(j->db_, "INSERT INTO jobs(key, started) VALUES(?, ?)");
    insert.Bind(1, job_key);
    insert.Bind(2, static_cast<int64_t>(std::time(nullptr)));
    if (insert.Step() != SQLITE_DONE) return Status::IOError("journal: cannot start job", db_path);
    j->job_id_ = sqlite3_last_insert_rowid(j->db_);
  }
  j->writer_ = std::thread([p = j.get()] { p->WriterLoop(); });
  return j;
}

Result<std::vector<JournalRecord>> Journal::RecordsIn(const std::string& dir) {
  sqlite3* reader = nullptr;
  {
    std::lock_guard lock(readers_mu_);
    if (!idle_readers_.empty()) {
      reader = idle_readers_.back();
      idle_readers_.pop_back();
    }
  }
  if (!reader) {
    if (sqlite3_open_v2(path_.c_str(), &reader, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      std::string msg = sqlite3_errmsg(reader);
      sqlite3_close(reader);
      return Status::IOError("cannot open the journal for reading: " + msg, path_);
    }
    sqlite3_busy_timeout(reader, 5000);
  }
  std::vector<JournalRecord> out;
  Status status;
  {
    Stmt q(reader,
           "SELECT name, src_length, src_mtime, dst_length, dst_mtime, job_id FROM records "
           "WHERE parent = ? ORDER BY name");
    if (!q.ok()) {
      status = Status::IOError(std::string("journal: ") + sqlite3_errmsg(reader), path_);
    } else {
      q.Bind(1, dir);
      int rc;
      while ((rc = q.Step()) == SQLITE_ROW) {
        JournalRecord r;
        r.dst = JoinPath(dir, ColumnText(q.get(), 0));
        r.src_length = static_cast<uint64_t>(sqlite3_column_int64(q.get(), 1));
        r.src_mtime_ns = sqlite3_column_int64(q.get(), 2);
        r.dst_length = static_cast<uint64_t>(sqlite3_column_int64(q.get(), 3));
        r.dst_mtime_ns = sqlite3_column_int64(q.get(), 4);
        r.job_id = sqlite3_column_int64(q.get(), 5);
        out.push_back(std::move(r));
      }
      if (rc != SQLITE_DONE)
        status = Status::IOError(std::string("journal: ") + sqlite3_errmsg(reader), path_);
    }
  }
  std::lock_guard lock(readers_mu_);
  idle_readers_.push_back(reader);
  if (!status.ok()) return status;
  return out;
}

void Journal::RecordCommit(JournalRecord record, uint64_t bytes, bool appended, bool copied) {
  // A file found identical was not copied by this job: job 0 keeps a later run of
  // the job from taking it for one of its own copies (and so from counting it nowhere).
  record.job_id = copied ? job_id_ : 0;
  std::lock_guard lock(mu_);
  queue_.push_back({Op::kCommit, std::move(record), bytes, 0, 0, appended, copied});
  ++enqueued_;
  if (queue_.size() >= 2000) cv_.notify_all();
}

void Journal::RecordDelete(const std::string& dst, uint64_t files, uint64_t dirs, uint64_t bytes) {
  std::lock_guard lock(mu_);
  Op op{Op::kDelete, {}, bytes, files, dirs, false, false};
  op.record.dst = dst;
  queue_.push_back(std::move(op));
  ++enqueued_;
}

void Journal::RecordDirCreated() {
  std::lock_guard lock(mu_);
  queue_.push_back({Op::kDirCreated, {}, 0, 0, 0, false, false});
  ++enqueued_;
}

void Journal::WriterLoop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait_for(lock, std::chrono::milliseconds(250),
                 [&] { return stop_ || flush_ || queue_.size() >= 2000; });
    flush_ = false;
    if (!queue_.empty()) {
      std::vector<Op> batch;
      batch.swap(queue_);
      // Workers keep queueing while the batch is written.
      lock.unlock();
      Status s;
      {
        std::lock_guard db_lock(db_mu_);
        s = WriteBatch(batch);
      }
      lock.lock();
      if (!s.ok() && write_error_.ok()) write_error_ = s;
      written_ += batch.size();
      cv_.notify_all();
    }
    if (stop_ && queue_.empty()) return;
  }
}

Status Journal::WriteBatch(const std::vector<Op>& batch) {
  HMIG_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Stmt upsert(
      db_,
      "INSERT OR REPLACE INTO records(parent, name, src_length, src_mtime, dst_length, dst_mtime, "
      "job_id) VALUES(?, ?, ?, ?, ?, ?, ?)");
  // The entry itself and, for a directory, everything below it.
  Stmt del(db_,
           "DELETE FROM records WHERE (parent = ?2 AND name = ?3) OR parent = ?1 OR "
           "(parent >= ?1 || '/' AND parent < ?1 || '0')");
  JournalTotals add;
  for (const auto& op : batch) {
    switch (op.kind) {
      case Op::kCommit:
        upsert.Bind(1, ParentPath(op.record.dst));
        upsert.Bind(2, BaseName(op.record.dst));
        upsert.Bind(3, static_cast<int64_t>(op.record.src_length));
        upsert.Bind(4, op.record.src_mtime_ns);
        upsert.Bind(5, static_cast<int64_t>(op.record.dst_length));
        upsert.Bind(6, op.record.dst_mtime_ns);
        upsert.Bind(7, op.record.job_id);
        if (upsert.Step() != SQLITE_DONE) {
          Exec("ROLLBACK").ok();
          return Status::IOError(std::string("journal: ") + sqlite3_errmsg(db_), path_);
        }
        upsert.Reset();
        if (op.copied) {
          ++add.files_copied;
          add.bytes_copied += op.bytes;
          if (op.appended) ++add.files_appended;
        }
        break;
      case Op::kDelete:
        del.Bind(1, op.record.dst);
        del.Bind(2, ParentPath(op.record.dst));
        del.Bind(3, BaseName(op.record.dst));
        del.Step();
        del.Reset();
        add.files_deleted += op.files;
        add.dirs_deleted += op.dirs;
        add.bytes_deleted += op.bytes;
        break;
      case Op::kDirCreated:
        ++add.dirs_created;
        break;
    }
  }
  Stmt totals(db_,
              "UPDATE jobs SET files_copied = files_copied + ?, bytes_copied = bytes_copied + ?, "
              "files_appended = files_appended + ?, files_deleted = files_deleted + ?, "
              "dirs_deleted = dirs_deleted + ?, bytes_deleted = bytes_deleted + ?, "
              "dirs_created = dirs_created + ? WHERE id = ?");
  int64_t vals[] = {
      static_cast<int64_t>(add.files_copied),   static_cast<int64_t>(add.bytes_copied),
      static_cast<int64_t>(add.files_appended), static_cast<int64_t>(add.files_deleted),
      static_cast<int64_t>(add.dirs_deleted),   static_cast<int64_t>(add.bytes_deleted),
      static_cast<int64_t>(add.dirs_created),   job_id_};
  for (int i = 0; i < 8; ++i) totals.Bind(i + 1, vals[i]);
  if (totals.Step() != SQLITE_DONE) {
    Exec("ROLLBACK").ok();
    return Status::IOError(std::string("journal: ") + sqlite3_errmsg(db_), path_);
  }
  return Exec("COMMIT");
}

Status Journal::Flush() {
  std::unique_lock lock(mu_);
  uint64_t target = enqueued_;
  flush_ = true;
  cv_.notify_all();
  cv_.wait(lock, [&] { return written_ >= target; });
  return write_error_;
}

Status Journal::Finish() {
  HMIG_RETURN_IF_ERROR(Flush());
  std::lock_guard lock(db_mu_);
  Stmt done(db_, "UPDATE jobs SET finished = ? WHERE id = ?");
  done.Bind(1, static_cast<int64_t>(std::time(nullptr)));
  done.Bind(2, job_id_);
  if (done.Step() != SQLITE_DONE) return Status::IOError("journal: cannot finish job", path_);
  return Status::OK();
}

}  // namespace hmig::copy
