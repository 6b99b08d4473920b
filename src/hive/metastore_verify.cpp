#include "hive/metastore_verify.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "fs/filesystem.h"
#include "hive/metastore_layout.h"
#include "hive/metastore_schema.h"

namespace hmig::hive {
namespace {

using Opt = std::optional<std::string>;

constexpr size_t kPathCheckThreads = 8;

struct SdInfo {
  Opt location, input_format, output_format, serde_lib;
  std::vector<std::string> columns;  // "name type", in column order
};
struct TableInfo {
  std::string type;
  SdInfo sd;
  std::map<std::string, SdInfo> partitions;  // by PART_NAME
};
struct DatabaseInfo {
  Opt location, managed_location;
  std::map<std::string, TableInfo> tables;
};
using Snapshot = std::map<std::string, DatabaseInfo>;  // by [catalog.]name

std::string Show(const Opt& v) {
  return v ? "'" + *v + "'" : "NULL";
}

Result<Snapshot> ReadSnapshot(Db& db) {
  auto q = [&](const std::string& id) { return db.QuoteIdent(id); };
  HMIG_ASSIGN_OR_RETURN(auto db_cols, db.TableColumns("DBS"));
  auto has = [&](const char* name) {
    for (const auto& c : db_cols) {
      if (c == name) return true;
    }
    return false;
  };
  const bool managed = has("DB_MANAGED_LOCATION_URI");
  const bool catalogs = has("CTLG_NAME");
  const bool db_location = has("DB_LOCATION_URI");        // 0.6.0+
  std::unordered_map<std::string, std::string> db_names;  // DB_ID -> key
  Snapshot snap;
  HMIG_RETURN_IF_ERROR(db.QueryEach("SELECT " + q("DB_ID") + ", " + q("NAME") + ", " +
                                        (db_location ? q("DB_LOCATION_URI") : "NULL") + ", " +
                                        (managed ? q("DB_MANAGED_LOCATION_URI") : "NULL") + ", " +
                                        (catalogs ? q("CTLG_NAME") : "NULL") + " FROM " + q("DBS"),
                                    [&](const Row& r) {
                                      std::string key = r[1].value_or("");
                                      if (r[4] && *r[4] != "hive") key = *r[4] + "." + key;
                                      db_names[*r[0]] = key;
                                      auto& d = snap[key];
                                      d.location = r[2];
                                      d.managed_location = r[3];
                                      return Status::OK();
                                    }));
  // Columns belong to a column descriptor (COLUMNS_V2.CD_ID = SDS.CD_ID) since
  // 0.8.0, and to the storage descriptor itself (COLUMNS.SD_ID) before.
  HMIG_ASSIGN_OR_RETURN(bool has_cds, TableExists(db, "COLUMNS_V2"));
  const std::string owner = has_cds ? "CD_ID" : "SD_ID";
  std::unordered_map<std::string, std::vector<std::string>> columns;  // owner id -> columns
  HMIG_RETURN_IF_ERROR(db.QueryEach(
      "SELECT " + q(owner) + ", " + q("COLUMN_NAME") + ", " + q("TYPE_NAME") + " FROM " +
          q(has_cds ? "COLUMNS_V2" : "COLUMNS") + " ORDER BY " + q(owner) + ", " + q("INTEGER_IDX"),
      [&](const Row& r) {
        columns[*r[0]].push_back(r[1].value_or("") + " " + r[2].value_or(""));
        return Status::OK();
      }));
  std::unordered_map<std::string, SdInfo> sds;
  HMIG_RETURN_IF_ERROR(db.QueryEach(
      "SELECT s." + q("SD_ID") + ", s." + q("LOCATION") + ", s." + q("INPUT_FORMAT") + ", s." +
          q("OUTPUT_FORMAT") + ", s." + q(owner) + ", se." + q("SLIB") + " FROM " + q("SDS") +
          " s LEFT JOIN " + q("SERDES") + " se ON s." + q("SERDE_ID") + " = se." + q("SERDE_ID"),
      [&](const Row& r) {
        SdInfo sd{r[1], r[2], r[3], r[5], {}};
        if (r[4]) {
          auto it = columns.find(*r[4]);
          if (it != columns.end()) sd.columns = it->second;
        }
        sds[*r[0]] = std::move(sd);
        return Status::OK();
      }));
  std::unordered_map<std::string, TableInfo*> tables;  // TBL_ID -> table
  HMIG_ASSIGN_OR_RETURN(std::string type_sql, TableTypeSql(db, "t"));
  HMIG_RETURN_IF_ERROR(
      db.QueryEach("SELECT t." + q("TBL_ID") + ", t." + q("DB_ID") + ", t." + q("TBL_NAME") + ", " +
                       type_sql + ", t." + q("SD_ID") + " FROM " + q("TBLS") + " t",
                   [&](const Row& r) {
                     auto d = db_names.find(r[1].value_or(""));
                     if (d == db_names.end())
                       return Status::Corrupt("table " + r[2].value_or("") + " has no database");
                     TableInfo& t = snap[d->second].tables[r[2].value_or("")];
                     t.type = r[3].value_or("");
                     if (r[4]) t.sd = sds[*r[4]];
                     tables[*r[0]] = &t;
                     return Status::OK();
                   }));
  HMIG_RETURN_IF_ERROR(
      db.QueryEach("SELECT " + q("TBL_ID") + ", " + q("PART_NAME") + ", " + q("SD_ID") + " FROM " +
                       q("PARTITIONS"),
                   [&](const Row& r) {
                     auto t = tables.find(r[0].value_or(""));
                     if (t == tables.end())
                       return Status::Corrupt("partition " + r[1].value_or("") + " has no table");
                     t->second->partitions[r[1].value_or("")] = r[2] ? sds[*r[2]] : SdInfo{};
                     return Status::OK();
                   }));
  return snap;
}

class Comparer {
 public:
  Comparer(const VerifyOptions& options, VerifyReport& report)
      : options_(options), report_(report) {}

  void Add(std::string kind, std::string object, std::string detail) {
    ++report_.difference_count;
    if (report_.differences.size() < kMaxDifferences) {
      report_.differences.push_back({std::move(kind), std::move(object), std::move(detail)});
    }
  }

  Opt Expected(const Opt& old_value) const {
    if (!old_value || options_.matcher == nullptr) return old_value;
    auto r = options_.matcher->Rewrite(*old_value);
    return r ? r : old_value;
  }

  void Location(const std::string& object, const Opt& old_v, const Opt& new_v) {
    Opt want = Expected(old_v);
    if (want != new_v) {
      Add("location", object,
          "expected " + Show(want) + " (from " + Show(old_v) + "), found " + Show(new_v));
    }
    if (new_v) new_locations_.push_back({object, *new_v});
  }

  void Sd(const std::string& object, const SdInfo& o, const SdInfo& n) {
    Location(object, o.location, n.location);
    if (o.input_format != n.input_format)
      Add("input-format", object, Show(o.input_format) + " vs " + Show(n.input_format));
    if (o.output_format != n.output_format)
      Add("output-format", object, Show(o.output_format) + " vs " + Show(n.output_format));
    if (o.serde_lib != n.serde_lib)
      Add("serde", object, Show(o.serde_lib) + " vs " + Show(n.serde_lib));
    if (o.columns != n.columns) {
      Add("columns", object,
          std::to_string(o.columns.size()) + " columns vs " + std::to_string(n.columns.size()) +
              " (names or types differ)");
    }
  }

  void Table(const std::string& object, const TableInfo& o, const TableInfo& n) {
    ++report_.tables;
    if (o.type != n.type) Add("table-type", object, o.type + " vs " + n.type);
    Sd(object, o.sd, n.sd);
    report_.partitions += o.partitions.size();
    if (o.partitions.size() != n.partitions.size()) {
      Add("partitions", object,
          std::to_string(o.partitions.size()) + " partitions vs " +
              std::to_string(n.partitions.size()));
    }
    for (const auto& [name, sd] : o.partitions) {
      auto it = n.partitions.find(name);
      if (it == n.partitions.end()) {
        Add("missing-partition", object + "/" + name, "absent from the new metastore");
      } else {
        Sd(object + "/" + name, sd, it->second);
      }
    }
    for (const auto& [name, sd] : n.partitions) {
      if (!o.partitions.count(name))
        Add("extra-partition", object + "/" + name, "absent from the old metastore");
    }
  }

  void Databases(const Snapshot& o, const Snapshot& n) {
    for (const auto& [name, od] : o) {
      ++report_.databases;
      auto it = n.find(name);
      if (it == n.end()) {
        Add("missing-database", name, "absent from the new metastore");
        continue;
      }
      const DatabaseInfo& nd = it->second;
      Location(name, od.location, nd.location);
      if (Expected(od.managed_location) != nd.managed_location &&
          (od.managed_location || nd.managed_location)) {
        Add("managed-location", name,
            "expected " + Show(Expected(od.managed_location)) + ", found " +
                Show(nd.managed_location));
      }
      for (const auto& [tname, ot] : od.tables) {
        auto t = nd.tables.find(tname);
        if (t == nd.tables.end()) {
          Add("missing-table", name + "." + tname, "absent from the new metastore");
        } else {
          Table(name + "." + tname, ot, t->second);
        }
      }
      for (const auto& [tname, nt] : nd.tables) {
        if (!od.tables.count(tname))
          Add("extra-table", name + "." + tname, "absent from the old metastore");
      }
    }
    for (const auto& [name, nd] : n) {
      if (!o.count(name)) Add("extra-database", name, "absent from the old metastore");
    }
  }

  // Stats every distinct new location through hmig's filesystem layer. Remote
  // filesystems answer one round trip per location, so several run at once.
  void CheckPaths() {
    std::vector<std::pair<std::string, std::string>> unique;  // object, location
    std::set<std::string> seen;
    for (const auto& [object, location] : new_locations_) {
      if (seen.insert(location).second) unique.emplace_back(object, location);
    }
    std::vector<std::optional<std::pair<std::string, std::string>>> outcome(unique.size());
    std::atomic<size_t> next{0};
    // A filesystem that cannot be reached (no backend, no NameNode answering) is
    // tried once, not once per location: millions of partitions would wait on it.
    std::mutex mu;
    std::map<std::string, std::string> unreachable;  // scheme://authority -> cause
    auto work = [&] {
      for (size_t i = next++; i < unique.size(); i = next++) {
        const std::string& location = unique[i].second;
        const std::string fs_key = LocationPrefixOf(location).value_or("");
        {
          std::lock_guard lock(mu);
          auto it = unreachable.find(fs_key);
          if (it != unreachable.end()) {
            outcome[i] = {"path-unchecked", location + ": " + it->second};
            continue;
          }
        }
        auto resolved = fs::Resolve(location);
        if (!resolved.ok()) {
          outcome[i] = {"path-unchecked", location + ": " + resolved.status().message()};
          std::lock_guard lock(mu);
          unreachable.emplace(fs_key, resolved.status().message());
          continue;
        }
        auto st = resolved->fs->Stat(resolved->path);
        if (st.ok()) continue;
        const StatusCode code = st.status().code();
        if (code == StatusCode::kNotFound) {
          outcome[i] = {"path-missing", location + ": " + st.status().message()};
          continue;
        }
        // Not an answer about this path: the filesystem could not be asked.
        outcome[i] = {"path-unchecked", location + ": " + st.status().message()};
        if (code == StatusCode::kTransient || code == StatusCode::kAuth ||
            code == StatusCode::kIOError) {
          std::lock_guard lock(mu);
          unreachable.emplace(fs_key, st.status().message());
        }
      }
    };
    const size_t threads = std::min<size_t>(kPathCheckThreads, unique.size());
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    report_.paths_checked = unique.size();
    for (size_t i = 0; i < unique.size(); ++i) {
      if (!outcome[i]) continue;
      ++report_.paths_missing;
      Add(outcome[i]->first, unique[i].first, std::move(outcome[i]->second));
    }
  }

 private:
  const VerifyOptions& options_;
  VerifyReport& report_;
  std::vector<std::pair<std::string, std::string>> new_locations_;
};

}  // namespace

Result<VerifyReport> VerifyMetastores(Db& old_db, Db& new_db, const VerifyOptions& options) {
  VerifyReport report;
  HMIG_ASSIGN_OR_RETURN(SchemaVersion old_version, DetectSchemaVersion(old_db));
  HMIG_ASSIGN_OR_RETURN(SchemaVersion new_version, DetectSchemaVersion(new_db));
  report.old_version = old_version.Display();
  report.new_version = new_version.Display();
  auto old_snap = ReadSnapshot(old_db);
  if (!old_snap.ok()) return old_snap.status().WithContext("reading the old metastore");
  auto new_snap = ReadSnapshot(new_db);
  if (!new_snap.ok()) return new_snap.status().WithContext("reading the new metastore");
  Comparer cmp(options, report);
  cmp.Databases(*old_snap, *new_snap);
  if (options.matcher != nullptr) {
    HMIG_ASSIGN_OR_RETURN(auto columns, PresentLocationColumns(new_db));
    for (const auto& c : columns) {
      const size_t nkeys = c.key_columns.size();
      HMIG_RETURN_IF_ERROR(
          new_db.QueryEach(SelectLocationsSql(new_db, c, false), [&](const Row& r) {
            if (r[nkeys] && options.matcher->Matches(*r[nkeys])) {
              RecordChange(report.leftovers, c.Name(), *r[nkeys], "");
              ++report.leftover_count;
            }
            return Status::OK();
          }));
    }
  }
  if (options.check_paths) cmp.CheckPaths();
  return report;
}

}  // namespace hmig::hive
