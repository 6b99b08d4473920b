// Db over libpq.
#include <libpq-fe.h>

#include "hive/db.h"

namespace hmig::hive {
namespace {

class PostgresDb : public Db {
 public:
  PostgresDb(PGconn* conn, std::string where) : conn_(conn), where_(std::move(where)) {}
  ~PostgresDb() override { PQfinish(conn_); }

  DbKind kind() const override { return DbKind::kPostgres; }

  Status Exec(const std::string& sql, SqlError* error) override {
    PGresult* res = PQexec(conn_, sql.c_str());
    ExecStatusType s = PQresultStatus(res);
    Status st = (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) ? Status::OK() : Error(res);
    if (!st.ok() && error != nullptr) {
      const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
      const char* msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
      *error = {0, state ? state : "", msg ? msg : PQerrorMessage(conn_)};
    }
    PQclear(res);
    return st;
  }

  Status QueryEach(const std::string& sql,
                   const std::function<Status(const Row&)>& visit) override {
    if (!PQsendQuery(conn_, sql.c_str())) return Error(nullptr);
    PQsetSingleRowMode(conn_);
    Status st;
    Row row;
    while (PGresult* res = PQgetResult(conn_)) {
      ExecStatusType s = PQresultStatus(res);
      if (s == PGRES_SINGLE_TUPLE && st.ok()) {
        int n = PQnfields(res);
        row.assign(static_cast<size_t>(n), std::nullopt);
        for (int i = 0; i < n; ++i) {
          if (!PQgetisnull(res, 0, i)) {
            row[static_cast<size_t>(i)].emplace(PQgetvalue(res, 0, i),
                                                static_cast<size_t>(PQgetlength(res, 0, i)));
          }
        }
        st = visit(row);
      } else if (s != PGRES_SINGLE_TUPLE && s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK &&
                 st.ok()) {
        st = Error(res);
      }
      PQclear(res);
    }
    return st;
  }

  std::string QuoteIdent(std::string_view name) const override {
    std::string out = "\"";
    for (char c : name) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
    return out;
  }

  std::string QuoteLiteral(std::string_view value) const override {
    char* q = PQescapeLiteral(conn_, value.data(), value.size());
    if (q == nullptr) return "NULL";  // only on invalid encoding; the statement then fails
    std::string out(q);
    PQfreemem(q);
    return out;
  }

  std::string SessionPreamble() const override {
    const char* enc = PQparameterStatus(conn_, "client_encoding");
    std::string out = "SET client_encoding = '";
    out.append(enc ? enc : "UTF8").append("';\nSET standard_conforming_strings = on;\n");
    return out;
  }

 private:
  Status Error(const PGresult* res) const {
    std::string msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    std::string text = "PostgreSQL error";
    if (state) text.append(" ").append(state);
    text.append(": ").append(msg);
    return Status(StatusCode::kIOError, text, where_);
  }

  PGconn* conn_;
  std::string where_;
};

}  // namespace

Result<std::unique_ptr<Db>> ConnectPostgres(const DbConfig& config) {
  std::string port = config.port > 0 ? std::to_string(config.port) : "5432";
  const char* keys[] = {
      "host", "port", "user", "password", "dbname", "connect_timeout", "application_name", nullptr};
  const char* values[] = {config.host.c_str(),
                          port.c_str(),
                          config.user.c_str(),
                          config.password.c_str(),
                          config.database.c_str(),
                          "30",
                          "hmig",
                          nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 0);
  if (conn == nullptr) return Status::Internal("PQconnectdbParams failed");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    PQfinish(conn);
    bool auth = msg.find("authentication") != std::string::npos ||
                msg.find("password") != std::string::npos;
    return Status(auth ? StatusCode::kAuth : StatusCode::kIOError, "cannot connect: " + msg,
                  config.Describe());
  }
  // libpq prints server NOTICEs ("drop cascades to ...", "relation already
  // exists, skipping") to stderr by default; the library must not write to the
  // terminal, and none of them is an error.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<Db>(std::make_unique<PostgresDb>(conn, config.Describe()));
}

Result<std::unique_ptr<Db>> ConnectMySql(const DbConfig& config);

Result<std::unique_ptr<Db>> ConnectDb(const DbConfig& config) {
  return config.kind == DbKind::kMySql ? ConnectMySql(config) : ConnectPostgres(config);
}

}  // namespace hmig::hive
