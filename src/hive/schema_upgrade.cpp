#include "hive/schema_upgrade.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "hive/metastore_schema.h"
#include "hive/rename_check.h"
#include "hive/sql_script_splitter.h"
#include "hive/upgrade_tolerance.h"

namespace hmig::hive {
namespace {

constexpr int kMaxIncludeDepth = 8;

std::string Shorten(const std::string& s) {
  std::string out = s.substr(0, 160);
  for (auto& c : out) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  if (s.size() > 160) out.append("...");
  return out;
}

class ScriptRunner {
 public:
  ScriptRunner(Db& db, UpgradeReport& report) : db_(db), report_(report) {}

  Status Run(const std::string& path, int depth) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::NotFound("cannot read the script", path);
    std::stringstream ss;
    ss << in.rdbuf();
    const SqlDialect dialect =
        db_.kind() == DbKind::kMySql ? SqlDialect::kMySql : SqlDialect::kPostgres;
    auto statements = SplitSqlScript(ss.str(), dialect);
    if (!statements.ok()) return statements.status().WithPath(path);
    const std::filesystem::path dir = std::filesystem::path(path).parent_path();
    for (size_t i = 0; i < statements->size(); ++i) {
      const auto& st = (*statements)[i];
      if (st.kind == ScriptStatement::Kind::kInclude) {
        HMIG_RETURN_IF_ERROR(Include(path, st, dir, depth));
        continue;
      }
      HMIG_RETURN_IF_ERROR(Statement(path, *statements, i));
    }
    return Status::OK();
  }

 private:
  Status Include(const std::string& path, const ScriptStatement& st,
                 const std::filesystem::path& dir, int depth) {
    // Relative to the including script's folder, as the scripts assume, not to
    // the process's current directory (where the mysql client looks).
    std::filesystem::path target = std::filesystem::path(st.text).is_absolute()
                                       ? std::filesystem::path(st.text)
                                       : dir / st.text;
    if (!std::filesystem::exists(target)) {
      return Status::NotFound(
          "include '" + st.text + "' at " + path + ":" + std::to_string(st.line) +
              " does not exist (the upgrade stops here: the mysql client would go on "
              "and record the new version without it)",
          target.string());
    }
    if (depth >= kMaxIncludeDepth)
      return Status::Invalid("includes nested too deeply", target.string());
    if (db_.kind() == DbKind::kMySql && target.filename() == "021-HIVE-7018.mysql.sql") {
      HMIG_ASSIGN_OR_RETURN(bool skip, Skip021(target.string()));
      if (skip) return Status::OK();
    }
    return Run(target.string(), depth + 1);
  }

  // HIVE-7018's helper looks for TBLS/PARTITIONS.LINK_TARGET_ID in
  // INFORMATION_SCHEMA without filtering on the database, so another schema on
  // the same server that still has the column (an old copy of the metastore)
  // makes it try the DROP here. When this database has neither column there is
  // nothing for the helper to do: skip it and say so.
  Result<bool> Skip021(const std::string& path) {
    HMIG_ASSIGN_OR_RETURN(auto tbls, db_.TableColumns("TBLS"));
    HMIG_ASSIGN_OR_RETURN(auto parts, db_.TableColumns("PARTITIONS"));
    auto has = [](const std::vector<std::string>& cols) {
      for (const auto& c : cols) {
        if (c == "LINK_TARGET_ID") return true;
      }
      return false;
    };
    if (has(tbls) || has(parts)) return false;
    std::string others;
    HMIG_RETURN_IF_ERROR(
        db_.QueryEach("SELECT DISTINCT TABLE_SCHEMA FROM INFORMATION_SCHEMA.COLUMNS WHERE "
                      "COLUMN_NAME = 'LINK_TARGET_ID' AND "
                      "TABLE_NAME IN ('TBLS', 'PARTITIONS') AND TABLE_SCHEMA <> DATABASE()",
                      [&](const Row& r) {
                        if (!others.empty()) others.append(", ");
                        others.append(r[0].value_or(""));
                        return Status::OK();
                      }));
    std::string note =
        "skipped " + path +
        ": this database has no LINK_TARGET_ID column, so HIVE-7018 has nothing to do";
    if (!others.empty()) {
      note.append("; run as is it would have been misled by schema(s) " + others +
                  " on the same server, which still have the column");
    }
    report_.notes.push_back(note);
    return true;
  }

  Status Statement(const std::string& path, const std::vector<ScriptStatement>& all, size_t index) {
    const ScriptStatement& st = all[index];
    const bool pg = db_.kind() == DbKind::kPostgres;
    if (pg) HMIG_RETURN_IF_ERROR(db_.Exec("SAVEPOINT hmig_statement"));
    SqlError error;
    Status s = db_.Exec(st.text, &error);
    ++report_.statements_run;
    if (s.ok()) {
      if (pg) HMIG_RETURN_IF_ERROR(db_.Exec("RELEASE SAVEPOINT hmig_statement"));
      return Status::OK();
    }
    if (IsAlreadyAppliedError(db_.kind(), error, st.text)) {
      if (pg) HMIG_RETURN_IF_ERROR(db_.Exec("ROLLBACK TO SAVEPOINT hmig_statement"));
      // "No such column/table" from a rename is "already applied" only when
      // the rename's target is there (rename_check.h).
      const bool missing_object =
          pg ? (error.sqlstate == "42703" || error.sqlstate == "42P01" || error.sqlstate == "42704")
             : (error.code == 1054 || error.code == 1146);
      if (auto target = missing_object ? ParseRenameTarget(db_.kind(), st.text) : std::nullopt) {
        std::vector<std::string> later;
        for (size_t j = index + 1; j < all.size(); ++j) later.push_back(all[j].text);
        *target = FollowLaterRenames(db_.kind(), *target, later);
        HMIG_ASSIGN_OR_RETURN(bool done, RenameTargetExists(db_, *target));
        if (!done) {
          return Status(s.code(), path + ":" + std::to_string(st.line) + ": " + s.message() +
                                      " (and the rename's target " + target->table +
                                      (target->column.empty() ? "" : "." + target->column) +
                                      " does not exist either: not an already applied rename)" +
                                      "\n  statement: " + Shorten(st.text));
        }
      }
      std::string code = pg ? error.sqlstate : std::to_string(error.code);
      report_.skipped.push_back({path, st.line, Shorten(st.text), code + ": " + error.message});
      return Status::OK();
    }
    return Status(s.code(), path + ":" + std::to_string(st.line) + ": " + s.message() +
                                "\n  statement: " + Shorten(st.text));
  }

  Db& db_;
  UpgradeReport& report_;
};

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Status CollectCreatedTables(DbKind kind, const std::string& path, int depth,
                            std::vector<std::string>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read the script", path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto statements =
      SplitSqlScript(ss.str(), kind == DbKind::kMySql ? SqlDialect::kMySql : SqlDialect::kPostgres);
  if (!statements.ok()) return statements.status().WithPath(path);
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  static const std::regex create(
      R"(\bCREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?[`"]?([A-Za-z0-9_$]+)[`"]?)", std::regex::icase);
  for (const auto& st : *statements) {
    if (st.kind == ScriptStatement::Kind::kInclude) {
      if (depth >= kMaxIncludeDepth) return Status::Invalid("includes nested too deeply", path);
      HMIG_RETURN_IF_ERROR(CollectCreatedTables(kind, (dir / st.text).string(), depth + 1, out));
      continue;
    }
    std::smatch m;
    if (std::regex_search(st.text, m, create)) out.push_back(Upper(m[2].str()));
  }
  return Status::OK();
}

}  // namespace

Result<std::vector<std::string>> ScriptCreatedTables(DbKind kind, const std::string& path) {
  std::vector<std::string> out;
  HMIG_RETURN_IF_ERROR(CollectCreatedTables(kind, path, 0, out));
  return out;
}

Status RunSqlScript(Db& db, const std::string& path, UpgradeReport& report) {
  ScriptRunner runner(db, report);
  return runner.Run(path, 0);
}

Result<UpgradeReport> UpgradeSchema(Db& db, const ScriptDirs& scripts,
                                    const std::optional<std::string>& target, bool dry_run) {
  UpgradeReport report;
  HMIG_ASSIGN_OR_RETURN(report.from_version, ReadSchemaVersion(db));
  report.to_version = report.from_version;
  HMIG_ASSIGN_OR_RETURN(report.plan, PlanUpgrade(scripts, db.kind(), report.from_version, target));
  if (dry_run) return report;
  ScriptRunner runner(db, report);
  for (const auto& step : report.plan) {
    const bool pg = db.kind() == DbKind::kPostgres;
    if (pg) HMIG_RETURN_IF_ERROR(db.Begin());
    Status st;
    for (const auto& script : step.scripts) {
      st = runner.Run(script, 0);
      if (!st.ok()) break;
    }
    if (st.ok() && pg) st = db.Commit();
    if (!st.ok()) {
      if (pg) (void)db.Rollback();
      auto now = ReadSchemaVersion(db);
      std::string at = now.ok() ? *now : "unknown (" + now.status().message() + ")";
      return Status(st.code(),
                    "upgrade step " + step.from + " -> " + step.to + " failed: " + st.ToString() +
                        "\nThe database is at schema version " + at +
                        (pg ? " (this step was rolled back)"
                            : " (MySQL cannot roll back DDL: this step "
                              "may be partly applied)") +
                        ". Fix the cause and run the same `hmig hive upgrade` again to resume; "
                        "statements already applied are recognised and skipped.");
    }
    HMIG_ASSIGN_OR_RETURN(std::string now, ReadSchemaVersion(db));
    if (now != step.to) {
      return Status::Corrupt("upgrade step " + step.from + " -> " + step.to +
                             " ran but VERSION says " + now);
    }
    report.to_version = now;
    ++report.steps_completed;
  }
  return report;
}

}  // namespace hmig::hive
