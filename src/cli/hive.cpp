// `hmig hive <subcommand>`: Hive metastore inventory, location rewrite (live
// database or dump file) and verification. See docs/hive.md.
#include <cstdio>

#include "cli/command.h"
#include "cli/hive_common.h"
#include "hive/connection_config.h"

namespace hmig::cli::hive {

void ConnectionFlags::Add(CLI::App& app) {
  app.add_option("--db", db_url,
                 "metastore database: mysql://USER@HOST:PORT/DB or postgresql://USER@HOST:PORT/DB");
  app.add_option("--hive-site", hive_site,
                 "hive-site.xml to read javax.jdo.option.Connection{URL,UserName,Password} from");
  app.add_option("--password-file", password_file,
                 "file whose first line is the database password (else HMIG_DB_PASSWORD, else "
                 "hive-site.xml)");
}

Result<hmig::hive::DbConfig> ResolveConfig(const std::string& db_url, const std::string& hive_site,
                                           const std::optional<std::string>& password_file,
                                           const char* env_var) {
  if (db_url.empty() == hive_site.empty()) {
    return Status::Invalid("give exactly one of --db URL or --hive-site FILE");
  }
  Result<hmig::hive::DbConfig> config =
      db_url.empty() ? hmig::hive::ReadHiveSite(hive_site) : hmig::hive::ParseDbUrl(db_url);
  if (!config.ok()) return config.status();
  HMIG_RETURN_IF_ERROR(hmig::hive::ApplyPassword(*config, password_file, env_var));
  return config;
}

Result<std::unique_ptr<hmig::hive::Db>> Connect(const std::string& db_url,
                                                const std::string& hive_site,
                                                const std::optional<std::string>& password_file,
                                                const char* env_var) {
  HMIG_ASSIGN_OR_RETURN(hmig::hive::DbConfig config,
                        ResolveConfig(db_url, hive_site, password_file, env_var));
  return hmig::hive::ConnectDb(config);
}

Result<hmig::hive::LocationMatcher> MakeMatcher(const std::vector<std::string>& from,
                                                const std::string& to) {
  return hmig::hive::LocationMatcher::Create(from, to);
}

void PrintChanges(const std::vector<std::string>& columns,
                  const hmig::hive::ColumnChanges& changes) {
  std::printf("  %-36s %10s\n", "COLUMN", "CHANGED");
  for (const auto& name : columns) {
    auto it = changes.find(name);
    uint64_t n = it == changes.end() ? 0 : it->second.changed;
    std::printf("  %-36s %10llu\n", name.c_str(), static_cast<unsigned long long>(n));
    if (it == changes.end()) continue;
    for (const auto& [before, after] : it->second.samples) {
      std::printf("      %s -> %s\n", before.c_str(), after.c_str());
    }
  }
}

nlohmann::json ChangesJson(const std::vector<std::string>& columns,
                           const hmig::hive::ColumnChanges& changes) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& name : columns) {
    auto it = changes.find(name);
    nlohmann::json c = {{"changed", it == changes.end() ? 0 : it->second.changed}};
    nlohmann::json samples = nlohmann::json::array();
    if (it != changes.end()) {
      for (const auto& [before, after] : it->second.samples) {
        samples.push_back({{"before", before}, {"after", after}});
      }
    }
    c["samples"] = samples;
    out[name] = c;
  }
  return out;
}

std::optional<int> Parse(CLI::App& app, const std::vector<std::string>& args) {
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return std::nullopt;
}

namespace {

void Usage(FILE* out) {
  std::fprintf(
      out,
      "usage: hmig hive <subcommand> [options]\n\n"
      "subcommands:\n"
      "  info               schema version, object counts, location prefixes per column\n"
      "  rewrite-locations  rewrite locations of --from filesystems to --to, in the database\n"
      "  rewrite-dump       the same rewrite on a mysqldump / pg_dump plain file\n"
      "  verify             compare an old and a new metastore\n"
      "  upgrade            upgrade the schema with Hive's own upgrade scripts\n"
      "  migrate            schema + copy with location rewrite + upgrade + verify\n"
      "  validate           compare the schema with a fresh one of its version; check "
      "references\n\n"
      "Run 'hmig hive <subcommand> --help' for its options.\n");
}

int RunHive(const std::vector<std::string>& args) {
  if (args.empty()) {
    Usage(stderr);
    return kExitUsage;
  }
  const std::string& sub = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (sub == "info") return RunInfo(rest);
  if (sub == "rewrite-locations") return RunRewriteLocations(rest);
  if (sub == "rewrite-dump") return RunRewriteDump(rest);
  if (sub == "verify") return RunVerify(rest);
  if (sub == "upgrade") return RunUpgrade(rest);
  if (sub == "migrate") return RunMigrate(rest);
  if (sub == "validate") return RunValidate(rest);
  if (sub == "--help" || sub == "-h" || sub == "help") {
    Usage(stdout);
    return kExitOk;
  }
  std::fprintf(stderr, "hmig hive: unknown subcommand '%s'\n\n", sub.c_str());
  Usage(stderr);
  return kExitUsage;
}

RegisterCommand reg(
    "hive",
    "Hive metastore: info, rewrite-locations, rewrite-dump, verify, upgrade, migrate, validate",
    RunHive);

}  // namespace
}  // namespace hmig::cli::hive
