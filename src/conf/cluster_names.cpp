#include "conf/cluster_names.h"

#include <algorithm>
#include <cctype>

namespace hmig::conf {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsHostChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "host:port", "scheme://host:port/path", "h1:2181,h2:2181" -> hosts.
std::vector<std::string> HostsIn(std::string_view value) {
  std::vector<std::string> hosts;
  size_t i = 0;
  while (i <= value.size()) {
    size_t j = value.find_first_of(", \t\n", i);
    if (j == std::string_view::npos) j = value.size();
    std::string_view item = value.substr(i, j - i);
    if (auto s = item.find("://"); s != std::string_view::npos) item = item.substr(s + 3);
    if (auto at = item.find('@'); at != std::string_view::npos) item = item.substr(at + 1);
    size_t end = 0;
    if (!item.empty() && item[0] == '[') {
      end = item.find(']');
      if (end != std::string_view::npos) hosts.push_back(Lower(item.substr(1, end - 1)));
    } else {
      while (end < item.size() && (IsHostChar(item[end]) || item[end] == '.')) ++end;
      if (end > 0) hosts.push_back(Lower(item.substr(0, end)));
    }
    i = j + 1;
  }
  return hosts;
}

bool IsLoopbackOrWildcard(const std::string& host) {
  return host == "localhost" || host == "0.0.0.0" || host == "::" || host == "::1" ||
         StartsWith(host, "127.") || host == "${yarn.resourcemanager.hostname}";
}

}  // namespace

std::set<std::string> ClusterIdentifiers(const HadoopConfig& conf) {
  std::set<std::string> ids;
  auto add_hosts = [&](const std::string& name) {
    auto v = conf.GetString(name);
    if (!v.ok()) return;
    for (auto& h : HostsIn(*v)) {
      if (!IsLoopbackOrWildcard(h) && h.find('$') == std::string::npos) ids.insert(h);
    }
  };
  add_hosts("fs.defaultFS");
  if (auto ns = conf.GetTrimmedList("dfs.nameservices"); ns.ok()) {
    for (const auto& n : *ns) ids.insert(Lower(n));
  }
  static const std::vector<std::string_view> kHostPrefixes = {
      "dfs.namenode.rpc-address",      "dfs.namenode.http-address",
      "dfs.namenode.https-address",    "dfs.namenode.servicerpc-address",
      "yarn.resourcemanager.hostname", "yarn.resourcemanager.address",
      "hive.metastore.uris",           "ha.zookeeper.quorum",
      "hbase.zookeeper.quorum",        "mapreduce.jobhistory.address"};
  for (const auto& name : conf.Names()) {
    for (auto prefix : kHostPrefixes) {
      if (StartsWith(name, prefix)) add_hosts(name);
    }
  }
  return ids;
}

std::vector<std::string> FindIdentifiers(std::string_view text, const std::set<std::string>& ids) {
  std::string lower = Lower(text);
  std::vector<std::string> found;
  for (const auto& id : ids) {
    size_t pos = 0;
    while ((pos = lower.find(id, pos)) != std::string::npos) {
      size_t end = pos + id.size();
      bool starts = pos == 0 || !(IsHostChar(lower[pos - 1]) || lower[pos - 1] == '.');
      bool ends = end == lower.size() || !(IsHostChar(lower[end]) || lower[end] == '.');
      // "oldcluster." at the end of a sentence is still the host.
      if (!ends && lower[end] == '.' && (end + 1 == lower.size() || !IsHostChar(lower[end + 1]))) {
        ends = true;
      }
      if (starts && ends) {
        found.push_back(id);
        break;
      }
      pos = end;
    }
  }
  return found;
}

bool IsSecretProperty(std::string_view name) {
  std::string n = Lower(name);
  return n.find("password") != std::string::npos || n.find("secret") != std::string::npos ||
         n.find("credential") != std::string::npos || n.find("access.key") != std::string::npos ||
         n.find("token") != std::string::npos;
}

}  // namespace hmig::conf
