// The small database interface the metastore code needs, with one MariaDB/MySQL
// (libmariadb) and one PostgreSQL (libpq) implementation. Values travel as raw
// bytes: the MySQL session uses the binary character set so a location read and
// written back keeps every byte, whatever the column's declared charset.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace hmig::hive {

enum class DbKind { kMySql, kPostgres };

struct DbConfig {
  DbKind kind = DbKind::kMySql;
  std::string host = "127.0.0.1";
  int port = -1;  // -1: the driver's default
  std::string user;
  std::string database;
  std::string password;  // never printed; see Describe()

  // kind://user@host:port/database, without the password.
  std::string Describe() const;
};

using Row = std::vector<std::optional<std::string>>;

// What the server said when a statement failed (for callers that tolerate some errors).
struct SqlError {
  int code = 0;          // MySQL/MariaDB error number; 0 on PostgreSQL
  std::string sqlstate;  // five-character SQLSTATE
  std::string message;   // the server's message
};

class Db {
 public:
  virtual ~Db() = default;
  virtual DbKind kind() const = 0;
  // Runs a statement, discarding any rows or result sets it returns (CALL too).
  Status Exec(const std::string& sql) { return Exec(sql, nullptr); }
  // The same; on failure `error` (when given) receives the server's error.
  virtual Status Exec(const std::string& sql, SqlError* error) = 0;
  // Streams the rows of a query to `visit` (no other statement may run on this
  // connection until it returns). A visitor error stops the query and is returned.
  virtual Status QueryEach(const std::string& sql,
                           const std::function<Status(const Row&)>& visit) = 0;
  // `name` quoted as an identifier: `NAME` or "NAME".
  virtual std::string QuoteIdent(std::string_view name) const = 0;
  // `value` as a SQL string literal for this connection's session settings.
  virtual std::string QuoteLiteral(std::string_view value) const = 0;
  // Statements that make a SQL script reproduce this session's byte encoding
  // (written at the top of backup files).
  virtual std::string SessionPreamble() const = 0;

  // Convenience: all rows at once (for small results).
  Result<std::vector<Row>> Query(const std::string& sql);
  // The column names of `table` in the connected database/schema (empty when the
  // table does not exist).
  Result<std::vector<std::string>> TableColumns(const std::string& table);
  Status Begin() { return Exec(kind() == DbKind::kMySql ? "START TRANSACTION" : "BEGIN"); }
  Status Commit() { return Exec("COMMIT"); }
  Status Rollback() { return Exec("ROLLBACK"); }
};

// Opens a connection. Errors name DbConfig::Describe(), never the password.
Result<std::unique_ptr<Db>> ConnectDb(const DbConfig& config);

}  // namespace hmig::hive
