// Shared pieces of the `hmig hive ...` subcommands: connection flags, the
// --from/--to matcher and the per-column change table.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "hive/db.h"
#include "hive/dump_rewriter.h"
#include "hive/location_matcher.h"

namespace hmig::cli::hive {

// --db URL / --hive-site FILE / --password-file FILE for one metastore.
struct ConnectionFlags {
  std::string db_url;
  std::string hive_site;
  std::optional<std::string> password_file;
  void Add(CLI::App& app);
};

// Builds the config (password from --password-file, HMIG_DB_PASSWORD or
// hive-site.xml) and connects. Errors never contain the password.
Result<hmig::hive::DbConfig> ResolveConfig(const std::string& db_url, const std::string& hive_site,
                                           const std::optional<std::string>& password_file,
                                           const char* env_var = "HMIG_DB_PASSWORD");
Result<std::unique_ptr<hmig::hive::Db>> Connect(const std::string& db_url,
                                                const std::string& hive_site,
                                                const std::optional<std::string>& password_file,
                                                const char* env_var = "HMIG_DB_PASSWORD");

Result<hmig::hive::LocationMatcher> MakeMatcher(const std::vector<std::string>& from,
                                                const std::string& to);

// Prints "COLUMN CHANGED" rows plus samples; `columns` lists every column looked
// at (shown with 0 when unchanged).
void PrintChanges(const std::vector<std::string>& columns,
                  const hmig::hive::ColumnChanges& changes);
nlohmann::json ChangesJson(const std::vector<std::string>& columns,
                           const hmig::hive::ColumnChanges& changes);

// Runs a subcommand parser; returns the exit code to use when parsing ended the
// command (help or usage error), nullopt to continue.
std::optional<int> Parse(CLI::App& app, const std::vector<std::string>& args);

int RunInfo(const std::vector<std::string>& args);
int RunRewriteLocations(const std::vector<std::string>& args);
int RunRewriteDump(const std::vector<std::string>& args);
int RunVerify(const std::vector<std::string>& args);
int RunUpgrade(const std::vector<std::string>& args);
int RunMigrate(const std::vector<std::string>& args);
int RunValidate(const std::vector<std::string>& args);

}  // namespace hmig::cli::hive
