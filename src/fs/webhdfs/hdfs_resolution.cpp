#include "fs/webhdfs/hdfs_resolution.h"

#include <algorithm>
#include <sstream>

namespace hmig::fs::webhdfs {

namespace {

std::string Trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::vector<std::string> List(const std::optional<std::string>& value) {
  std::vector<std::string> out;
  if (!value) return out;
  std::stringstream ss(*value);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item = Trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string WithDefaultPort(const std::string& hostport, int port) {
  auto colon = hostport.rfind(':');
  if (colon != std::string::npos && hostport.find(']', colon) == std::string::npos) return hostport;
  return hostport + ":" + std::to_string(port);
}

std::string HostOf(const std::string& hostport) {
  auto colon = hostport.rfind(':');
  if (colon != std::string::npos && hostport.find(']', colon) == std::string::npos)
    return hostport.substr(0, colon);
  return hostport;
}

struct Policy {
  bool https = false;
  std::string key;  // dfs.namenode.http-address or https-address
  int default_port = 9870;
};

Policy HttpPolicy(const ConfLookup& conf) {
  Policy p;
  auto v = conf("dfs.http.policy");
  p.https = v && Trim(*v) == "HTTPS_ONLY";
  p.key = p.https ? "dfs.namenode.https-address" : "dfs.namenode.http-address";
  p.default_port = p.https ? 9871 : 9870;
  return p;
}

// The HTTP address of one NameNode (suffix ".NS" or ".NS.NN"), falling back to
// its RPC host with the default HTTP port.
std::optional<std::string> HttpAddress(const ConfLookup& conf, const Policy& p,
                                       const std::string& suffix) {
  if (auto v = conf(p.key + suffix)) {
    std::string addr = Trim(*v);
    // 0.0.0.0 means "all interfaces" on the server; reach it by the RPC host.
    if (addr.rfind("0.0.0.0:", 0) == 0) {
      if (auto rpc = conf("dfs.namenode.rpc-address" + suffix)) {
        return std::string(p.https ? "https://" : "http://") + HostOf(Trim(*rpc)) + addr.substr(7);
      }
    }
    return std::string(p.https ? "https://" : "http://") + addr;
  }
  if (auto rpc = conf("dfs.namenode.rpc-address" + suffix)) {
    return std::string(p.https ? "https://" : "http://") + HostOf(Trim(*rpc)) + ":" +
           std::to_string(p.default_port);
  }
  return std::nullopt;
}

std::vector<std::string> NameServices(const ConfLookup& conf) {
  auto all = List(conf("dfs.nameservices"));
  for (const auto& ns : List(conf("dfs.internal.nameservices"))) {
    if (std::find(all.begin(), all.end(), ns) == all.end()) all.push_back(ns);
  }
  return all;
}

}  // namespace

Result<std::optional<HdfsEndpoints>> ResolveHdfsAuthority(const std::string& authority_in,
                                                          const ConfLookup& conf) {
  std::string authority = authority_in;
  if (authority.empty()) {
    auto def = conf("fs.defaultFS");
    std::string d = def ? Trim(*def) : "";
    if (d.rfind("hdfs://", 0) != 0) {
      return Status::Invalid("hdfs:/// needs fs.defaultFS = hdfs://... in core-site.xml (found '" +
                             d + "')");
    }
    authority = d.substr(7);
    authority = authority.substr(0, authority.find('/'));
  }
  const Policy policy = HttpPolicy(conf);
  auto nameservices = NameServices(conf);
  bool is_ns =
      std::find(nameservices.begin(), nameservices.end(), authority) != nameservices.end() ||
      conf("dfs.ha.namenodes." + authority).has_value();
  if (is_ns) {
    HdfsEndpoints e;
    e.nameservice = authority;
    auto nns = List(conf("dfs.ha.namenodes." + authority));
    if (nns.empty()) {
      if (auto a = HttpAddress(conf, policy, "." + authority)) e.namenodes.push_back(*a);
    }
    for (const auto& nn : nns) {
      auto a = HttpAddress(conf, policy, "." + authority + "." + nn);
      if (!a) {
        return Status::Invalid("nameservice " + authority + ": NameNode " + nn + " has no " +
                               policy.key + "." + authority + "." + nn + " (nor an rpc-address)");
      }
      e.namenodes.push_back(*a);
    }
    if (e.namenodes.empty()) {
      return Status::Invalid("nameservice " + authority +
                             " has no NameNode HTTP address in the configuration");
    }
    return std::optional<HdfsEndpoints>(e);
  }

  // A host:port: find the NameNode with that RPC address.
  const std::string target = WithDefaultPort(authority, 8020);
  for (const auto& ns : nameservices) {
    auto nns = List(conf("dfs.ha.namenodes." + ns));
    std::vector<std::string> suffixes;
    if (nns.empty()) suffixes.push_back("." + ns);
    for (const auto& nn : nns) suffixes.push_back("." + ns + "." + nn);
    for (const auto& suffix : suffixes) {
      auto rpc = conf("dfs.namenode.rpc-address" + suffix);
      if (rpc && WithDefaultPort(Trim(*rpc), 8020) == target) {
        if (auto a = HttpAddress(conf, policy, suffix))
          return std::optional<HdfsEndpoints>(HdfsEndpoints{{*a}, ""});
      }
    }
  }
  auto rpc = conf("dfs.namenode.rpc-address");
  if (rpc && WithDefaultPort(Trim(*rpc), 8020) == target) {
    if (auto a = HttpAddress(conf, policy, ""))
      return std::optional<HdfsEndpoints>(HdfsEndpoints{{*a}, ""});
  }
  return std::optional<HdfsEndpoints>();
}

}  // namespace hmig::fs::webhdfs
