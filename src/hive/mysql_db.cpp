// Db over libmariadb (MariaDB and MySQL servers).
#include <mysql.h>

#include "hive/db.h"

namespace hmig::hive {
namespace {

class MySqlDb : public Db {
 public:
  MySqlDb(MYSQL* conn, std::string where) : conn_(conn), where_(std::move(where)) {}
  ~MySqlDb() override { mysql_close(conn_); }

  DbKind kind() const override { return DbKind::kMySql; }

  Status Exec(const std::string& sql, SqlError* error) override {
    if (mysql_real_query(conn_, sql.data(), sql.size()) != 0) return Error(error);
    // Drain every result set (a CALL returns several) so the connection stays usable.
    for (;;) {
      if (MYSQL_RES* res = mysql_store_result(conn_)) mysql_free_result(res);
      int next = mysql_next_result(conn_);
      if (next > 0) return Error(error);
      if (next < 0) break;
    }
    return Status::OK();
  }

  Status QueryEach(const std::string& sql,
                   const std::function<Status(const Row&)>& visit) override {
    if (mysql_real_query(conn_, sql.data(), sql.size()) != 0) return Error();
    MYSQL_RES* res = mysql_use_result(conn_);
    if (res == nullptr) {
      if (mysql_field_count(conn_) == 0) return Status::OK();
      return Error();
    }
    unsigned int n = mysql_num_fields(res);
    Status st;
    Row row(n);
    while (MYSQL_ROW r = mysql_fetch_row(res)) {
      unsigned long* len = mysql_fetch_lengths(res);
      for (unsigned int i = 0; i < n; ++i) {
        if (r[i] == nullptr) {
          row[i].reset();
        } else {
          row[i].emplace(r[i], len[i]);
        }
      }
      if (st.ok()) st = visit(row);  // keep fetching: the rest must be drained
    }
    bool fetch_failed = mysql_errno(conn_) != 0;
    Status fetch_error = fetch_failed ? Error() : Status::OK();
    mysql_free_result(res);
    if (!st.ok()) return st;
    return fetch_error;
  }

  std::string QuoteIdent(std::string_view name) const override {
    std::string out = "`";
    for (char c : name) {
      if (c == '`') out.push_back('`');
      out.push_back(c);
    }
    out.push_back('`');
    return out;
  }

  std::string QuoteLiteral(std::string_view value) const override {
    std::string buf(value.size() * 2 + 1, '\0');
    unsigned long n = mysql_real_escape_string(conn_, buf.data(), value.data(), value.size());
    buf.resize(n);
    std::string out = "'";
    out.append(buf).append("'");
    return out;
  }

  std::string SessionPreamble() const override { return "SET NAMES binary;\n"; }

 private:
  Status Error(SqlError* error = nullptr) const {
    if (error != nullptr)
      *error = {static_cast<int>(mysql_errno(conn_)), mysql_sqlstate(conn_), mysql_error(conn_)};
    return Status(StatusCode::kIOError,
                  std::string("MySQL error ") + std::to_string(mysql_errno(conn_)) + " (" +
                      mysql_sqlstate(conn_) + "): " + mysql_error(conn_),
                  where_);
  }

  MYSQL* conn_;
  std::string where_;
};

}  // namespace

Result<std::unique_ptr<Db>> ConnectMySql(const DbConfig& config) {
  MYSQL* conn = mysql_init(nullptr);
  if (conn == nullptr) return Status::Internal("mysql_init failed");
  // Raw bytes both ways: no charset conversion of locations.
  mysql_options(conn, MYSQL_SET_CHARSET_NAME, "binary");
  unsigned int timeout = 30;
  mysql_options(conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  const char* password = config.password.empty() ? nullptr : config.password.c_str();
  unsigned int port = config.port > 0 ? static_cast<unsigned int>(config.port) : 3306;
  if (mysql_real_connect(conn, config.host.c_str(), config.user.c_str(), password,
                         config.database.c_str(), port, nullptr, CLIENT_MULTI_RESULTS) == nullptr) {
    Status st(mysql_errno(conn) == 1045 ? StatusCode::kAuth : StatusCode::kIOError,
              std::string("cannot connect: ") + mysql_error(conn), config.Describe());
    mysql_close(conn);
    return st;
  }
  std::unique_ptr<Db> db = std::make_unique<MySqlDb>(conn, config.Describe());
  // ANSI_QUOTES etc. would change how our statements parse: use a known mode.
  HMIG_RETURN_IF_ERROR(db->Exec("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'"));
  return db;
}

}  // namespace hmig::hive
