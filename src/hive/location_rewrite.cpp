#include "hive/location_rewrite.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "hive/metastore_layout.h"
#include "hive/metastore_schema.h"

namespace hmig::hive {
namespace {

constexpr size_t kRowsPerStatement = 500;

struct RowChange {
  std::vector<std::string> keys;
  std::string before;
  std::string after;
};

std::string KeyCondition(Db& db, const LocationColumn& c, const RowChange& r) {
  std::string out;
  for (size_t i = 0; i < c.key_columns.size(); ++i) {
    if (i) out.append(" AND ");
    out.append(db.QuoteIdent(c.key_columns[i])).append(" = ").append(db.QuoteLiteral(r.keys[i]));
  }
  return out;
}

// UPDATE statements setting `after` (or `before`, for the backup) on each row.
// Single-key tables are batched with CASE; composite keys get one per row.
std::vector<std::string> UpdateStatements(Db& db, const LocationColumn& c,
                                          const std::vector<RowChange>& rows, bool restore) {
  std::vector<std::string> out;
  const std::string table = db.QuoteIdent(c.table);
  const std::string column = db.QuoteIdent(c.column);
  if (c.key_columns.size() != 1) {
    for (const auto& r : rows) {
      out.push_back("UPDATE " + table + " SET " + column + " = " +
                    db.QuoteLiteral(restore ? r.before : r.after) + " WHERE " +
                    KeyCondition(db, c, r));
    }
    return out;
  }
  const std::string key = db.QuoteIdent(c.key_columns[0]);
  for (size_t start = 0; start < rows.size(); start += kRowsPerStatement) {
    size_t end = std::min(rows.size(), start + kRowsPerStatement);
    std::string sql = "UPDATE " + table + " SET " + column + " = CASE " + key;
    std::string in;
    for (size_t i = start; i < end; ++i) {
      const RowChange& r = rows[i];
      std::string k = db.QuoteLiteral(r.keys[0]);
      sql.append(" WHEN ").append(k).append(" THEN ").append(
          db.QuoteLiteral(restore ? r.before : r.after));
      if (i > start) in.append(", ");
      in.append(k);
    }
    sql.append(" ELSE ").append(column).append(" END WHERE ").append(key).append(" IN (");
    sql.append(in).append(")");
    out.push_back(std::move(sql));
  }
  return out;
}

Status WriteAll(int fd, const std::string& data, const std::string& path) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno(errno, "cannot write the backup", path);
    }
    off += static_cast<size_t>(n);
  }
  return Status::OK();
}

// Written to PATH.hmig-tmp, synced, then renamed: a backup file that exists is complete.
Status WriteBackup(const std::string& path, const std::string& content) {
  std::string tmp = path + ".hmig-tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::FromErrno(errno, "cannot create the backup", tmp);
  Status st = WriteAll(fd, content, tmp);
  if (st.ok() && ::fsync(fd) != 0) st = Status::FromErrno(errno, "cannot sync the backup", tmp);
  if (::close(fd) != 0 && st.ok()) st = Status::FromErrno(errno, "cannot close the backup", tmp);
  if (st.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    st = Status::FromErrno(errno, "cannot move the backup into place", path);
  }
  if (!st.ok()) ::unlink(tmp.c_str());
  return st;
}

Result<RewriteReport> RewriteInTransaction(Db& db, const LocationMatcher& matcher,
                                           const RewriteOptions& options) {
  RewriteReport report;
  HMIG_ASSIGN_OR_RETURN(SchemaVersion version, DetectSchemaVersion(db));
  report.schema_version = version.Display();
  HMIG_ASSIGN_OR_RETURN(report.columns, PresentLocationColumns(db));
  std::vector<std::vector<RowChange>> per_column(report.columns.size());
  for (size_t ci = 0; ci < report.columns.size(); ++ci) {
    const LocationColumn& c = report.columns[ci];
    const size_t nkeys = c.key_columns.size();
    Status st = db.QueryEach(SelectLocationsSql(db, c, /*for_update=*/true), [&](const Row& r) {
      if (!r[nkeys]) return Status::OK();
      std::optional<std::string> after = matcher.Rewrite(*r[nkeys]);
      if (!after) return Status::OK();
      RowChange change;
      for (size_t k = 0; k < nkeys; ++k) {
        if (!r[k]) return Status::Corrupt("NULL key in " + c.table);
        change.keys.push_back(*r[k]);
      }
      change.before = *r[nkeys];
      change.after = std::move(*after);
      RecordChange(report.changes, c.Name(), change.before, change.after);
      per_column[ci].push_back(std::move(change));
      return Status::OK();
    });
    HMIG_RETURN_IF_ERROR(st.WithContext("reading " + c.Name()));
    report.total_changed += per_column[ci].size();
  }
  if (options.backup_path) {
    std::string sql = "-- hmig hive rewrite-locations backup: the " +
                      std::to_string(report.total_changed) +
                      " values as they were before the rewrite to " + matcher.to() + " (schema " +
                      report.schema_version +
                      ").\n-- Apply with the database's "
                      "own client to restore them.\n";
    sql.append(db.SessionPreamble());
    sql.append(db.kind() == DbKind::kMySql ? "START TRANSACTION;\n" : "BEGIN;\n");
    for (size_t ci = 0; ci < report.columns.size(); ++ci) {
      for (auto& stmt : UpdateStatements(db, report.columns[ci], per_column[ci], true)) {
        sql.append(stmt).append(";\n");
      }
    }
    sql.append("COMMIT;\n");
    HMIG_RETURN_IF_ERROR(WriteBackup(*options.backup_path, sql));
  }
  if (options.dry_run) return report;
  for (size_t ci = 0; ci < report.columns.size(); ++ci) {
    for (const auto& stmt : UpdateStatements(db, report.columns[ci], per_column[ci], false)) {
      Status st = db.Exec(stmt);
      if (!st.ok()) return st.WithContext("updating " + report.columns[ci].Name());
    }
  }
  return report;
}

}  // namespace

Result<RewriteReport> RewriteMetastoreLocations(Db& db, const LocationMatcher& matcher,
                                                const RewriteOptions& options) {
  HMIG_RETURN_IF_ERROR(db.Begin());
  auto report = RewriteInTransaction(db, matcher, options);
  if (!report.ok() || options.dry_run) {
    Status rb = db.Rollback();
    if (!report.ok()) return report.status();
    HMIG_RETURN_IF_ERROR(rb);
    return report;
  }
  HMIG_RETURN_IF_ERROR(db.Commit());
  report->committed = true;
  return report;
}

}  // namespace hmig::hive
