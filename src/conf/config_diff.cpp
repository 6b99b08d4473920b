#include "conf/config_diff.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "conf/cluster_names.h"

namespace hmig::conf {
namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// One side's view of a property: the value in effect and where it came from.
struct Side {
  bool set = false;
  std::string value;  // effective (expanded, trimmed) or the default
  std::string where;  // "file:line" or "default"
  std::optional<Status> error;
};

Side Read(const HadoopConfig& conf, const std::string& name, const std::string& fallback) {
  Side s;
  const HadoopProperty* p = conf.Find(name);
  auto v = conf.GetString(name, fallback);
  if (!v.ok()) {
    s.error = v.status();
    return s;
  }
  s.value = *v;
  s.set = p != nullptr;
  s.where = p ? fmt::format("{}:{}", p->file, p->line) : "default";
  return s;
}

nlohmann::json SideJson(const Side& s, bool secret) {
  return {{"value", secret ? "(hidden)" : s.value}, {"set", s.set}, {"from", s.where}};
}

class Differ {
 public:
  Differ(const HadoopConfig& o, const HadoopConfig& n) : old_(o), new_(n) {}

  std::vector<Finding> Run();

 private:
  // Reads both sides; records an error finding and returns false when either is unreadable.
  bool ReadBoth(const std::string& name, const std::string& fallback, Side& o, Side& n) {
    o = Read(old_, name, fallback);
    n = Read(new_, name, fallback);
    for (const Side* s : {&o, &n}) {
      if (s->error) {
        Add(Severity::kError, name, s->error->path(), s->error->message(),
            "fix the value: Hadoop itself would fail or fall back to a default");
        return false;
      }
    }
    return true;
  }
  // For boolean properties: false (with an error finding) unless both sides parse.
  bool BoolsValid(const std::string& name) {
    for (const auto* conf : {&old_, &new_}) {
      auto b = conf->GetBool(name, false);
      if (!b.ok()) {
        Add(Severity::kError, name, b.status().path(), b.status().message(),
            "use true or false: Hadoop silently falls back to the default for anything else");
        return false;
      }
    }
    return true;
  }
  Finding& Add(Severity sev, std::string subject, std::string location, std::string message,
               std::string advice) {
    Finding f;
    f.severity = sev;
    f.subject = std::move(subject);
    f.location = std::move(location);
    f.message = std::move(message);
    f.advice = std::move(advice);
    out_.push_back(std::move(f));
    return out_.back();
  }
  Finding& AddDiff(Severity sev, const std::string& name, const Side& o, const Side& n,
                   std::string advice) {
    bool secret = IsSecretProperty(name);
    std::string msg = secret ? "differs between the clusters (values hidden)"
                             : fmt::format("old cluster: {} ({}), new cluster: {} ({})", Shown(o),
                                           o.where, Shown(n), n.where);
    Finding& f = Add(sev, name, n.set ? n.where : o.where, msg, std::move(advice));
    f.details = {{"old", SideJson(o, secret)}, {"new", SideJson(n, secret)}};
    return f;
  }
  static std::string Shown(const Side& s) { return s.value.empty() ? "\"\"" : s.value; }

  void Permissions();
  void Checksums();
  void Replication();
  void Security();
  void Hive();
  void OldClusterNames();
  void FinalOverrides();

  const HadoopConfig& old_;
  const HadoopConfig& new_;
  std::vector<Finding> out_;
};

bool IsTrue(const std::string& v) {
  return Upper(v) == "TRUE";
}

void Differ::Permissions() {
  Side o, n;
  if (BoolsValid("dfs.permissions.enabled") && ReadBoth("dfs.permissions.enabled", "true", o, n) &&
      IsTrue(o.value) != IsTrue(n.value)) {
    AddDiff(Severity::kWarning, "dfs.permissions.enabled", o, n,
            IsTrue(o.value)
                ? "the new cluster does not check permissions: copied files keep their modes "
                  "(-pp) but anyone can read and change them; enable it unless intended"
                : "the new cluster enforces permissions the old one ignored: jobs may fail with "
                  "AccessControlException; check owners/modes after copying with -pugp");
  }
  // ACLs: the default changed to true in Hadoop 3.3.0 (HDFS-13505).
  if (BoolsValid("dfs.namenode.acls.enabled") && ReadBoth("dfs.namenode.acls.enabled", "", o, n)) {
    auto state = [](const Side& s) { return s.set ? (IsTrue(s.value) ? 1 : 0) : -1; };
    int so = state(o), sn = state(n);
    if (so == 1 && sn == 0) {
      AddDiff(Severity::kError, "dfs.namenode.acls.enabled", o, n,
              "the old cluster allows ACLs but the new one rejects them: distcp -pa fails "
              "with 'ACLs are not supported'; set it to true on the new NameNode and restart "
              "it, or drop 'a' from -p if ACLs need not be synchronized")
          .suggested = "true";
    } else if (so == 1 && sn == -1) {
      AddDiff(Severity::kWarning, "dfs.namenode.acls.enabled", o, n,
              "not set on the new cluster: the default is false before Hadoop 3.3.0 and true "
              "from 3.3.0; set it to true explicitly so that distcp -pa works")
          .suggested = "true";
    } else if (so != sn && !(so == -1 && sn == 0) && !(so == 0 && sn == -1)) {
      AddDiff(Severity::kInfo, "dfs.namenode.acls.enabled", o, n,
              "the old cluster has no ACLs to synchronize (it does not enable them); no -pa "
              "needed");
    }
  }
  if (BoolsValid("dfs.namenode.xattrs.enabled") &&
      ReadBoth("dfs.namenode.xattrs.enabled", "true", o, n) && IsTrue(o.value) &&
      !IsTrue(n.value)) {
    AddDiff(Severity::kError, "dfs.namenode.xattrs.enabled", o, n,
            "extended attributes cannot be written on the new cluster: distcp -px fails; enable "
            "them or drop 'x' from -p")
        .suggested = "true";
  }
}

void Differ::Checksums() {
  Side ot, nt, ob, nb, os, ns, oc, nc;
  bool ok = ReadBoth("dfs.checksum.type", "CRC32C", ot, nt);
  ok = ReadBoth("dfs.bytes-per-checksum", "512", ob, nb) && ok;
  ok = ReadBoth("dfs.blocksize", "134217728", os, ns) && ok;
  ok = ReadBoth("dfs.checksum.combine.mode", "MD5MD5CRC", oc, nc) && ok;
  if (!ok) return;
  bool composite = Upper(oc.value) == "COMPOSITE_CRC" && Upper(nc.value) == "COMPOSITE_CRC";
  if (Upper(ot.value) != Upper(nt.value)) {
    AddDiff(Severity::kError, "dfs.checksum.type", ot, nt,
            "checksums of the two clusters never match: distcp fails its checksum check and "
            "-update recopies everything unless files keep the source type (-pc, as in the "
            "seed's -pbugpcax) or the check is skipped (-skipcrccheck)");
  }
  auto bpc_o = ParseHadoopSize(ob.value), bpc_n = ParseHadoopSize(nb.value);
  if (bpc_o.ok() && bpc_n.ok() && *bpc_o != *bpc_n && !composite) {
    AddDiff(Severity::kWarning, "dfs.bytes-per-checksum", ob, nb,
            "MD5-of-MD5-of-CRC checksums depend on bytes per checksum: keep -pc in the distcp "
            "flags (it preserves type and bytes per checksum) or use "
            "-Ddfs.checksum.combine.mode=COMPOSITE_CRC");
  }
  auto bs_o = ParseHadoopSize(os.value), bs_n = ParseHadoopSize(ns.value);
  if (!bs_o.ok() || !bs_n.ok()) {
    const Side& bad = bs_o.ok() ? ns : os;
    Add(Severity::kError, "dfs.blocksize", bad.where, fmt::format("'{}' is not a size", bad.value),
        "use a byte count or 128m/256m");
  } else if (*bs_o != *bs_n && !composite) {
    AddDiff(Severity::kWarning, "dfs.blocksize", os, ns,
            "MD5-of-MD5-of-CRC checksums depend on the block size: keep -pb in the distcp flags "
            "(as in the seed's -pbugpcax) or compare with "
            "-Ddfs.checksum.combine.mode=COMPOSITE_CRC, else -update sees every file as "
            "changed");
  }
  if (Upper(oc.value) != Upper(nc.value)) {
    AddDiff(Severity::kWarning, "dfs.checksum.combine.mode", oc, nc,
            "the clusters combine block checksums differently, so file checksums are not "
            "comparable; run distcp with -Ddfs.checksum.combine.mode=COMPOSITE_CRC (needs "
            "Hadoop 3.1+ DataNodes on both sides)")
        .suggested = "COMPOSITE_CRC";
  }
}

void Differ::Replication() {
  Side o, n;
  if (ReadBoth("dfs.replication", "3", o, n) && o.value != n.value) {
    AddDiff(Severity::kInfo, "dfs.replication", o, n,
            "copied files get the new cluster's default; add 'r' to -p (-prbugpcax) to keep each "
            "file's replication");
  }
}

std::vector<std::string> QopList(const std::string& v) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= v.size()) {
    size_t j = v.find(',', i);
    if (j == std::string::npos) j = v.size();
    std::string item = v.substr(i, j - i);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(Upper(item));
    i = j + 1;
  }
  return out;
}

void Differ::Security() {
  Side o, n;
  if (ReadBoth("hadoop.security.authentication", "simple", o, n) &&
      Upper(o.value) != Upper(n.value)) {
    AddDiff(Severity::kError, "hadoop.security.authentication", o, n,
            "one cluster uses Kerberos and the other does not: run distcp on the Kerberos side "
            "with ipc.client.fallback-to-simple-auth-allowed=true, or align the clusters");
  }
  if (BoolsValid("dfs.encrypt.data.transfer") &&
      ReadBoth("dfs.encrypt.data.transfer", "false", o, n) && IsTrue(o.value) != IsTrue(n.value)) {
    AddDiff(Severity::kWarning, "dfs.encrypt.data.transfer", o, n,
            "the data transfer protocols differ: a client configured for one cluster cannot "
            "stream blocks of the other; give distcp a configuration that matches each side");
  }
  if (ReadBoth("hadoop.rpc.protection", "authentication", o, n)) {
    auto qo = QopList(o.value), qn = QopList(n.value);
    bool common = std::any_of(qo.begin(), qo.end(), [&](const std::string& q) {
      return std::find(qn.begin(), qn.end(), q) != qn.end();
    });
    if (!common) {
      AddDiff(Severity::kError, "hadoop.rpc.protection", o, n,
              "no common SASL protection level: RPC between the clusters fails; list both "
              "levels on the distcp client (for example authentication,privacy)");
    } else if (qo != qn) {
      AddDiff(Severity::kInfo, "hadoop.rpc.protection", o, n,
              "the levels differ but overlap; RPC negotiates a common one");
    }
  }
}

std::string PathOf(const std::string& location) {
  auto s = location.find("://");
  if (s == std::string::npos) return location;
  auto slash = location.find('/', s + 3);
  return slash == std::string::npos ? "/" : location.substr(slash);
}

std::string JdbcKind(const std::string& url) {
  // jdbc:mysql://h/db, jdbc:mariadb://..., jdbc:postgresql://..., jdbc:derby:...
  if (url.rfind("jdbc:", 0) != 0) return "";
  auto end = url.find(':', 5);
  std::string kind = url.substr(5, end == std::string::npos ? std::string::npos : end - 5);
  if (kind == "mariadb") kind = "mysql";
  return kind;
}

void Differ::Hive() {
  Side o, n;
  if (ReadBoth("hive.metastore.warehouse.dir", "/user/hive/warehouse", o, n) &&
      PathOf(o.value) != PathOf(n.value)) {
    AddDiff(Severity::kWarning, "hive.metastore.warehouse.dir", o, n,
            fmt::format("managed tables live under {} on the new cluster: copy the warehouse "
                        "there (not to {}) or set the new cluster to the old path, and rewrite "
                        "metastore locations to match",
                        PathOf(n.value), PathOf(o.value)));
  }
  if (ReadBoth("javax.jdo.option.ConnectionURL", "", o, n)) {
    std::string ko = JdbcKind(o.value), kn = JdbcKind(n.value);
    if (!o.value.empty() && o.value == n.value) {
      AddDiff(Severity::kWarning, "javax.jdo.option.ConnectionURL", o, n,
              "both clusters use the same metastore database: importing the old dump into "
              "'the new one' would replace the live old metastore; give the new cluster its "
              "own database");
    } else if (!ko.empty() && !kn.empty() && ko != kn) {
      AddDiff(Severity::kError, "javax.jdo.option.ConnectionURL", o, n,
              fmt::format("the metastore moves from {} to {}: a mysqldump cannot be imported "
                          "as is; migrate with Hive's schematool and a data copy instead",
                          ko, kn));
    } else if (o.value != n.value) {
      AddDiff(Severity::kInfo, "javax.jdo.option.ConnectionURL", o, n,
              "the metastore database moves: import the old dump there (after rewriting "
              "locations) and run the schema upgrade scripts for the new Hive version");
    }
  }
  for (const char* name :
       {"javax.jdo.option.ConnectionDriverName", "javax.jdo.option.ConnectionUserName",
        "javax.jdo.option.ConnectionPassword", "hive.metastore.uris",
        "hive.metastore.schema.verification"}) {
    if (ReadBoth(name, "", o, n) && o.value != n.value) {
      AddDiff(Severity::kInfo, name, o, n,
              "expected to differ between clusters; check that jobs and clients of the new "
              "cluster use the new value");
    }
  }
}

void Differ::OldClusterNames() {
  std::set<std::string> old_ids = ClusterIdentifiers(old_);
  std::set<std::string> new_ids = ClusterIdentifiers(new_);
  for (const auto& id : new_ids) old_ids.erase(id);  // names both clusters share tell nothing
  if (old_ids.empty()) return;
  for (const auto& name : new_.Names()) {
    auto v = new_.Get(name);
    if (!v.ok() || !*v) continue;
    auto found = FindIdentifiers(**v, old_ids);
    if (found.empty()) continue;
    const HadoopProperty* p = new_.Find(name);
    std::string ids;
    for (const auto& f : found) ids += (ids.empty() ? "" : ", ") + f;
    bool secret = IsSecretProperty(name);
    Finding& f =
        Add(Severity::kError, name, fmt::format("{}:{}", p->file, p->line),
            secret ? fmt::format("the new cluster's value names the old cluster ({})", ids)
                   : fmt::format("the new cluster's value '{}' still names the old cluster ({})",
                                 **v, ids),
            "point it at the new cluster: after the cutover the old one is gone");
    f.details = {{"old_cluster_names", found}};
  }
}

void Differ::FinalOverrides() {
  for (const auto* conf : {&old_, &new_}) {
    for (const auto& w : conf->warnings()) {
      Add(Severity::kInfo, conf == &old_ ? "old configuration" : "new configuration", "", w,
          "the value Hadoop uses is the final one; remove the ignored definition to avoid "
          "confusion");
    }
  }
}

std::vector<Finding> Differ::Run() {
  Permissions();
  Checksums();
  Replication();
  Security();
  Hive();
  OldClusterNames();
  FinalOverrides();
  return std::move(out_);
}

}  // namespace

std::vector<Finding> DiffClusterConfigs(const HadoopConfig& old_conf,
                                        const HadoopConfig& new_conf) {
  return Differ(old_conf, new_conf).Run();
}

std::vector<Finding> UncomparedFiles(const std::string& dir, const std::string& side) {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::string n = it->path().filename().string();
    const auto& known = HadoopConfig::DefaultSiteFiles();
    if (n.size() > 4 && n.compare(n.size() - 4, 4, ".xml") == 0 &&
        std::find(known.begin(), known.end(), n) == known.end()) {
      names.push_back(n);
    }
  }
  std::sort(names.begin(), names.end());
  std::vector<Finding> out;
  for (const auto& n : names) {
    Finding f;
    f.severity = Severity::kInfo;
    f.subject = n;
    f.location = dir + "/" + n;
    f.message = fmt::format(
        "not compared ({} cluster): config diff reads core-site, hdfs-site, "
        "mapred-site, yarn-site and hive-site.xml",
        side);
    f.advice = "compare it by hand if the migration depends on it";
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace hmig::conf
