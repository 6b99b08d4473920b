#include "conf/presto_catalog.h"

#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "conf/java_properties.h"
#include "util/hadoop_config.h"

namespace hmig::conf {
namespace {

// Hive connector properties both engines know (the commonly used ones).
const std::set<std::string>& CommonProperties() {
  static const std::set<std::string> s = {"connector.name",
                                          "hive.metastore",
                                          "hive.metastore.uri",
                                          "hive.config.resources",
                                          "hive.recursive-directories",
                                          "hive.storage-format",
                                          "hive.compression-codec",
                                          "hive.metastore.authentication.type",
                                          "hive.metastore.service.principal",
                                          "hive.metastore.client.principal",
                                          "hive.metastore.client.keytab",
                                          "hive.metastore.username",
                                          "hive.metastore-timeout",
                                          "hive.metastore-cache-ttl",
                                          "hive.metastore-refresh-interval",
                                          "hive.metastore-cache-maximum-size",
                                          "hive.hdfs.authentication.type",
                                          "hive.hdfs.impersonation.enabled",
                                          "hive.max-partitions-per-writers",
                                          "hive.max-partitions-per-scan",
                                          "hive.immutable-partitions",
                                          "hive.create-empty-bucket-files",
                                          "hive.respect-table-format",
                                          "hive.non-managed-table-writes-enabled",
                                          "hive.orc.use-column-names",
                                          "hive.parquet.use-column-names",
                                          "hive.max-split-size",
                                          "hive.max-initial-split-size",
                                          "hive.file-status-cache-tables",
                                          "hive.file-status-cache-expire-time",
                                          "hive.ignore-absent-partitions",
                                          "hive.dfs-timeout",
                                          "hive.dfs.connect.timeout",
                                          "hive.temporary-staging-directory-enabled",
                                          "hive.temporary-staging-directory-path",
                                          "hive.collect-column-statistics-on-write",
                                          "hive.security",
                                          "hive.security.config-file",
                                          "hive.insert-existing-partitions-behavior",
                                          "hive.auto-purge",
                                          "hive.metastore.glue.region",
                                          "hive.metastore.glue.catalogid",
                                          "hive.metastore.thrift.impersonation.enabled",
                                          "hive.translate-hive-views",
                                          "hive.s3.aws-access-key",
                                          "hive.s3.aws-secret-key",
                                          "hive.s3.endpoint",
                                          "hive.s3.path-style-access",
                                          "hive.s3.ssl.enabled",
                                          "hive.max-outstanding-splits",
                                          "hive.split-loader-concurrency",
                                          "hive.domain-compaction-threshold",
                                          "hive.partition-statistics-sample-size",
                                          "hive.max-concurrent-file-renames",
                                          "hive.writer-sort-buffer-size",
                                          "hive.dfs.verify-checksum"};
  return s;
}

const std::set<std::string>& PrestoOnly() {
  static const std::set<std::string> s = {
      "hive.allow-drop-table",        "hive.allow-rename-table",  "hive.allow-add-column",
      "hive.allow-drop-column",       "hive.allow-rename-column", "hive.allow-comment-table",
      "hive.hdfs.presto.principal",   "hive.hdfs.presto.keytab",  "hive.pushdown-filter-enabled",
      "hive.node-selection-strategy", "hive.bucket-execution"};
  return s;
}

const std::set<std::string>& TrinoOnly() {
  static const std::set<std::string> s = {"hive.hdfs.trino.principal",
                                          "hive.hdfs.trino.keytab",
                                          "hive.timestamp-precision",
                                          "hive.query-partition-filter-required",
                                          "fs.native-s3.enabled",
                                          "fs.hadoop.enabled",
                                          "fs.native-gcs.enabled",
                                          "fs.native-azure.enabled",
                                          "s3.endpoint",
                                          "s3.region",
                                          "s3.aws-access-key",
                                          "s3.aws-secret-key",
                                          "s3.path-style-access",
                                          "hive.metastore.thrift.client.ssl.enabled"};
  return s;
}

// Same setting, other engine's name.
const std::map<std::string, std::string>& Renames() {
  static const std::map<std::string, std::string> m = {
      {"hive.hdfs.presto.principal", "hive.hdfs.trino.principal"},
      {"hive.hdfs.presto.keytab", "hive.hdfs.trino.keytab"},
      {"hive.hdfs.trino.principal", "hive.hdfs.presto.principal"},
      {"hive.hdfs.trino.keytab", "hive.hdfs.presto.keytab"}};
  return m;
}

Status CheckMetastoreUri(const std::string& uris) {
  size_t i = 0;
  while (i <= uris.size()) {
    size_t j = uris.find(',', i);
    if (j == std::string::npos) j = uris.size();
    std::string u = uris.substr(i, j - i);
    u.erase(0, u.find_first_not_of(' '));
    u.erase(u.find_last_not_of(' ') + 1);
    auto colon = u.rfind(':');
    bool ok = u.rfind("thrift://", 0) == 0 && colon != std::string::npos && colon > 9 &&
              colon + 1 < u.size() &&
              u.find_first_not_of("0123456789", colon + 1) == std::string::npos;
    if (!ok) {
      return Status::Invalid(
          "--metastore-uri '" + u +
          "' must be thrift://host:port (for example thrift://emr-header-1:9083)");
    }
    i = j + 1;
  }
  return Status::OK();
}

Finding Make(Severity sev, std::string subject, std::string location, std::string message,
             std::string advice) {
  Finding f;
  f.severity = sev;
  f.subject = std::move(subject);
  f.location = std::move(location);
  f.message = std::move(message);
  f.advice = std::move(advice);
  return f;
}

}  // namespace

Result<CatalogResult> MakeHiveCatalog(const CatalogOptions& options) {
  HMIG_RETURN_IF_ERROR(CheckMetastoreUri(options.metastore_uri));
  const bool trino = options.flavor == PrestoFlavor::kTrino;
  const char* engine = trino ? "Trino" : "Presto";
  CatalogResult result;

  // The Hadoop configuration the connector will read must exist and parse.
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::absolute(options.hadoop_conf_dir, ec).lexically_normal();
  std::string dir_text = dir.string();
  while (dir_text.size() > 1 && dir_text.back() == '/') dir_text.pop_back();
  std::vector<std::string> resources;
  for (const char* name : {"core-site.xml", "hdfs-site.xml"}) {
    std::string path = dir_text + "/" + name;
    HadoopConfig check;
    Status st = check.AddFile(path);
    if (!st.ok()) {
      return st.WithContext(std::string("hive.config.resources: ") + name);
    }
    resources.push_back(path);
  }

  PropertiesFile out;
  if (options.from_text) {
    HMIG_ASSIGN_OR_RETURN(out, PropertiesFile::Parse(*options.from_text, options.from_label));
  } else {
    HMIG_ASSIGN_OR_RETURN(
        out, PropertiesFile::Parse(fmt::format("# Hive catalog for {} written by hmig\n", engine),
                                   "new catalog"));
  }
  const std::string& label = options.from_label;
  auto where = [&](const std::string& key) {
    const PropertyEntry* e = out.Find(key);
    return e ? fmt::format("{}:{}", label, e->line) : std::string();
  };

  // Check the user's settings against what the engine knows.
  if (options.from_text) {
    std::set<std::string> seen;
    for (const auto& e : out.entries()) {
      if (!seen.insert(e.key).second) continue;
      const auto& other_only = trino ? PrestoOnly() : TrinoOnly();
      const auto& own_only = trino ? TrinoOnly() : PrestoOnly();
      if (CommonProperties().count(e.key) || own_only.count(e.key)) {
        if (trino && e.key == "hive.security" && e.value == "legacy") {
          result.findings.push_back(
              Make(Severity::kWarning, e.key, where(e.key),
                   "Trino 443 removed the legacy security mode: Trino refuses to start",
                   "remove it (the default allow-all permits DROP and RENAME) or use file/"
                   "sql-standard"));
        }
        continue;
      }
      if (other_only.count(e.key)) {
        auto rename = Renames().find(e.key);
        std::string advice = rename != Renames().end()
                                 ? fmt::format("rename it to {}", rename->second)
                                 : std::string("remove it");
        bool seed_prop = e.key == "hive.allow-drop-table" || e.key == "hive.allow-rename-table";
        if (trino && seed_prop) {
          advice = "remove it: Trino 443+ allows DROP/RENAME by default (hive.security=allow-all)";
        }
        result.findings.push_back(
            Make(Severity::kWarning, e.key, where(e.key),
                 fmt::format("{} does not know this property and refuses to start with it", engine),
                 advice));
        continue;
      }
      result.findings.push_back(
          Make(Severity::kInfo, e.key, where(e.key),
               fmt::format("not in hmig's list of {} Hive connector properties", engine),
               fmt::format("check it against the {} Hive connector documentation", engine)));
    }
  }

  // The seed's properties.
  std::vector<std::pair<std::string, std::string>> wanted = {
      {"connector.name", trino ? "hive" : "hive-hadoop2"},
      {"hive.metastore.uri", options.metastore_uri},
      {"hive.config.resources", resources[0] + "," + resources[1]}};
  if (!trino) {
    wanted.push_back({"hive.allow-drop-table", "true"});
    wanted.push_back({"hive.allow-rename-table", "true"});
  }
  wanted.push_back({"hive.recursive-directories", "true"});
  for (const auto& [key, value] : wanted) {
    auto old = out.Get(key);
    if (old && *old != value && options.from_text) {
      result.findings.push_back(Make(Severity::kInfo, key, where(key),
                                     fmt::format("changed from '{}' to '{}'", *old, value),
                                     "the new cluster's value"));
    }
    out.Set(key, value);
  }
  if (trino) {
    result.findings.push_back(
        Make(Severity::kInfo, "hive.allow-drop-table", "",
             "not written for Trino: Trino 443 removed these legacy-security properties",
             "DROP TABLE and RENAME are allowed by Trino's default hive.security=allow-all"));
  }
  result.text = out.ToString();
  return result;
}

}  // namespace hmig::conf
