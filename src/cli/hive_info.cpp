// `hmig hive info`: schema version, counts and the location-prefix inventory.
#include <cstdio>

#include "cli/command.h"
#include "cli/hive_common.h"
#include "hive/metastore_info.h"
#include "hive/metastore_layout.h"

namespace hmig::cli::hive {

int RunInfo(const std::vector<std::string>& args) {
  CLI::App app{
      "Schema version, object counts and every scheme://authority found in the "
      "location-bearing columns, with counts per column",
      "hmig hive info"};
  ConnectionFlags conn;
  conn.Add(app);
  bool json = false;
  app.add_flag("--json", json, "print JSON instead of a table");
  if (auto code = Parse(app, args)) return *code;

  auto db = Connect(conn.db_url, conn.hive_site, conn.password_file);
  if (!db.ok()) {
    std::fprintf(stderr, "hmig hive info: %s\n", db.status().ToString().c_str());
    return db.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
  }
  auto info = hmig::hive::CollectMetastoreInfo(**db);
  if (!info.ok()) {
    std::fprintf(stderr, "hmig hive info: %s\n", info.status().ToString().c_str());
    return kExitFatal;
  }
  if (json) {
    nlohmann::json out = {
        {"schema_version", info->schema_version},
        {"databases", info->databases},
        {"tables_by_type", info->tables_by_type},
        {"partitions", info->partitions},
        {"storage_descriptors", info->storage_descriptors},
        {"location_columns", info->location_columns},
        {"prefixes", info->prefixes},
    };
    out["catalogs"] = info->catalogs ? nlohmann::json(*info->catalogs) : nlohmann::json(nullptr);
    out["functions"] = info->functions ? nlohmann::json(*info->functions) : nlohmann::json(nullptr);
    out["schema_version_recorded"] = info->schema_version_recorded;
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  auto n = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  hmig::hive::SchemaVersion version{info->schema_version, info->schema_version_recorded};
  std::printf("schema version       %s\n", version.Display().c_str());
  if (info->catalogs) {
    std::printf("catalogs             %llu\n", n(*info->catalogs));
  } else {
    std::printf("catalogs             (none before schema 3.0.0)\n");
  }
  std::printf("databases            %llu\n", n(info->databases));
  uint64_t tables = 0;
  for (const auto& [type, count] : info->tables_by_type) tables += count;
  std::printf("tables               %llu\n", n(tables));
  for (const auto& [type, count] : info->tables_by_type) {
    std::printf("  %-18s %llu\n", type.c_str(), n(count));
  }
  std::printf("partitions           %llu\n", n(info->partitions));
  std::printf("storage descriptors  %llu\n", n(info->storage_descriptors));
  if (info->functions) {
    std::printf("functions            %llu\n", n(*info->functions));
  } else {
    std::printf("functions            (none before schema 0.13.0)\n");
  }
  std::printf("\nlocation columns in this schema version:\n");
  for (const auto& c : info->location_columns) std::printf("  %s\n", c.c_str());
  std::printf("\nlocation prefixes:\n  %-40s %-36s %10s\n", "PREFIX", "COLUMN", "VALUES");
  for (const auto& [prefix, columns] : info->prefixes) {
    for (const auto& [column, count] : columns) {
      std::printf("  %-40s %-36s %10llu\n", prefix.c_str(), column.c_str(), n(count));
    }
  }
  return kExitOk;
}

}  // namespace hmig::cli::hive
