// Access to the MariaDB and PostgreSQL servers started by the hive_servers CTest
// fixture (scripts/services/hive_servers.sh), plus running build/hmig and the
// databases' own clients.
#pragma once

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

namespace hmig::testing::hive {

enum class Server { kMariaDb, kPostgres };

inline void PrintTo(Server s, std::ostream* os) {
  *os << (s == Server::kMariaDb ? "MariaDB" : "PostgreSQL");
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

inline CommandResult RunShell(const std::string& command) {
  CommandResult r;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out.append("'\\''");
    } else {
      out.push_back(c);
    }
  }
  out.push_back('\'');
  return out;
}

class Servers {
 public:
  static const Servers& Get() {
    static Servers s;
    return s;
  }
  bool ok() const { return !env_.empty(); }
  std::string Var(const std::string& k) const {
    auto it = env_.find(k);
    return it == env_.end() ? "" : it->second;
  }
  std::string Url(Server s, const std::string& db) const {
    return s == Server::kMariaDb ? "mysql://" + Var("HIVE_TEST_MY_USER") +
                                       "@127.0.0.1:" + Var("HIVE_TEST_MY_PORT") + "/" + db
                                 : "postgresql://" + Var("HIVE_TEST_PG_USER") +
                                       "@127.0.0.1:" + Var("HIVE_TEST_PG_PORT") + "/" + db;
  }
  std::string Password(Server s) const {
    return Var(s == Server::kMariaDb ? "HIVE_TEST_MY_PASSWORD" : "HIVE_TEST_PG_PASSWORD");
  }
  // The server's own command-line client, connected to `db`, reading SQL from stdin.
  std::string Client(Server s, const std::string& db) const {
    if (s == Server::kMariaDb) {
      return "mariadb --no-defaults --default-character-set=binary --socket=" +
             Var("HIVE_TEST_MY_SOCKET") + " -uroot " + db;
    }
    return "PGPASSWORD=" + Var("HIVE_TEST_PG_PASSWORD") + " " + Var("HIVE_TEST_PG_BIN") +
           "/psql -X -q -A -t -h 127.0.0.1 -p " + Var("HIVE_TEST_PG_PORT") +
           " -U postgres -v ON_ERROR_STOP=1 -d " + db;
  }
  // The content of `db` for byte-for-byte comparisons: mariadb-dump (schema and
  // rows, in primary-key order) or, for PostgreSQL, every table's rows sorted
  // (pg_dump's row order follows the heap, which an UPDATE reshuffles).
  std::string DumpCommand(Server s, const std::string& db) const {
    if (s == Server::kMariaDb) {
      return "mariadb-dump --no-defaults --default-character-set=binary --skip-comments "
             "--skip-dump-date --socket=" +
             Var("HIVE_TEST_MY_SOCKET") + " -uroot " + db;
    }
    std::string psql = Client(s, db);
    return psql +
           " -c \"SELECT format('SELECT %L, t::text FROM %I t ORDER BY t::text;', table_name, "
           "table_name) FROM information_schema.tables WHERE table_schema = 'public' ORDER BY "
           "table_name\" | " +
           psql;
  }

 private:
  Servers() {
    const char* path = std::getenv("HMIG_HIVE_SERVERS_ENV");
    if (path == nullptr) return;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      size_t eq = line.find('=');
      if (eq == std::string::npos) continue;
      std::string v = line.substr(eq + 1);
      if (v.size() >= 2 && v.front() == '"') v = v.substr(1, v.size() - 2);
      env_[line.substr(0, eq)] = v;
    }
  }
  std::map<std::string, std::string> env_;
};

// Runs SQL through the server's client; fails the test on error.
inline std::string Sql(Server s, const std::string& db, const std::string& sql) {
  std::string file = ::testing::TempDir() + "/hmig-sql-" + std::to_string(::getpid()) + ".sql";
  {
    std::ofstream out(file, std::ios::binary);
    if (s == Server::kMariaDb) out << "SET SESSION sql_mode='ANSI_QUOTES,NO_AUTO_VALUE_ON_ZERO';\n";
    out << sql;
  }
  CommandResult r = RunShell(Servers::Get().Client(s, db) +
                             (s == Server::kMariaDb ? " -N -B" : "") + " < " + file);
  std::remove(file.c_str());
  EXPECT_EQ(r.exit_code, 0) << r.output.substr(0, 2000);
  return r.output;
}

inline std::string Dump(Server s, const std::string& db) {
  CommandResult r = RunShell(Servers::Get().DumpCommand(s, db));
  EXPECT_EQ(r.exit_code, 0) << r.output.substr(0, 2000);
  return r.output;
}

// build/hmig with the server's password in HMIG_DB_PASSWORD.
inline CommandResult Hmig(Server s, const std::string& args) {
  return RunShell("HMIG_DB_PASSWORD=" + ShellQuote(Servers::Get().Password(s)) +
                  " " HMIG_BINARY " " + args);
}

}  // namespace hmig::testing::hive
