#include "fs/webhdfs/webhdfs_backend.h"

#include "fs/webhdfs/hadoop_token_file.h"
#include "fs/webhdfs/hdfs_resolution.h"
#include "util/hadoop_config.h"

#include <filesystem>

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

namespace hmig::fs::webhdfs {

namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

bool EnvTrue(const char* name) {
  std::string v = Env(name);
  return v == "1" || v == "true" || v == "yes";
}

std::string LocalUser() {
  struct passwd pw, *res = nullptr;
  char buf[4096];
  if (getpwuid_r(geteuid(), &pw, buf, sizeof buf, &res) == 0 && res) return res->pw_name;
  return "";
}

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

bool HasPort(const std::string& hostport) {
  auto colon = hostport.rfind(':');
  return colon != std::string::npos && hostport.find(']', colon) == std::string::npos;
}

std::string HostOf(const std::string& hostport) {
  return HasPort(hostport) ? hostport.substr(0, hostport.rfind(':')) : hostport;
}

// For hdfs://host:8020 with no configuration: the NameNode's HTTP port is not in
// the URI. Hadoop 3 uses 9870, Hadoop 2 50070; try them in that order.
Result<std::string> ProbeHttpAddress(const std::string& host, const TransportOptions& transport) {
  Transport t(transport);
  std::string tried;
  for (const char* port : {"9870", "50070"}) {
    std::string base = "http://" + host + ":" + port;
    HttpResponse r;
    TransportFailure failure;
    Status st = t.Perform("GET", base + "/webhdfs/v1/?op=GETHOMEDIRECTORY", nullptr, &r, &failure,
                          1u << 16);
    if (st.ok()) return base;
    if (!tried.empty()) tried += ", ";
    tried += base;
  }
  return Status(StatusCode::kNotFound, "no WebHDFS NameNode answers at " + tried +
                                           "; set its HTTP port with --namenode-http-port");
}

// What the Hadoop configuration says about an hdfs:// authority.
struct ConfiguredCluster {
  std::optional<HdfsEndpoints> endpoints;  // nullopt: no configuration, or it does not know it
  bool kerberos = false;                   // hadoop.security.authentication=kerberos
};

// Reads the Hadoop configuration (HADOOP_CONF_DIR, else /etc/hadoop/conf) for an
// hdfs:// authority, as a Hadoop client would.
Result<ConfiguredCluster> FromHadoopConfiguration(const std::string& authority) {
  std::string dir = Env("HADOOP_CONF_DIR");
  bool explicit_dir = !dir.empty();
  if (dir.empty()) dir = "/etc/hadoop/conf";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    if (explicit_dir) return Status::NotFound("HADOOP_CONF_DIR is not a directory", dir);
    return ConfiguredCluster{};
  }
  auto conf = HadoopConfig::LoadDir(dir, {"core-site.xml", "hdfs-site.xml"});
  if (!conf.ok()) {
    if (conf.status().code() == StatusCode::kNotFound && !explicit_dir) return ConfiguredCluster{};
    return conf.status();
  }
  const HadoopConfig& c = *conf;
  ConfLookup lookup = [&c](const std::string& name) -> std::optional<std::string> {
    auto v = c.Get(name);
    if (!v.ok()) return std::nullopt;
    return *v;
  };
  ConfiguredCluster out;
  HMIG_ASSIGN_OR_RETURN(out.endpoints, ResolveHdfsAuthority(authority, lookup));
  auto auth = lookup("hadoop.security.authentication");
  out.kerberos = auth && *auth == "kerberos";
  return out;
}

}  // namespace

Result<WebHdfsOptions> OptionsForUri(const Uri& uri) {
  WebHdfsOptions o;
  o.user = Env("HADOOP_USER_NAME");
  if (o.user.empty()) o.user = LocalUser();
  o.delegation_token = Env("HMIG_WEBHDFS_DELEGATION_TOKEN");
  if (std::string file = Env("HADOOP_TOKEN_FILE_LOCATION");
      o.delegation_token.empty() && !file.empty()) {
    // As a Hadoop client in a YARN container or after `hdfs fetchdt`: the HDFS
    // token for this cluster, if the file has one.
    auto token = HdfsTokenFromFile(file, uri.authority);
    if (token.ok()) {
      o.delegation_token = *token;
    } else if (token.status().code() != StatusCode::kNotFound) {
      return token.status().WithContext("HADOOP_TOKEN_FILE_LOCATION");
    }
  }
  const std::string auth = Env("HMIG_WEBHDFS_AUTH");  // "kerberos" / "simple"; else the config's
  o.transport.spnego = auth == "kerberos";
  o.transport.ca_cert = Env("HMIG_WEBHDFS_CA_CERT");
  o.transport.insecure = EnvTrue("HMIG_WEBHDFS_INSECURE");
  o.noredirect = EnvTrue("HMIG_WEBHDFS_NOREDIRECT");
  if (std::string t = Env("HMIG_WEBHDFS_STALL_TIMEOUT"); !t.empty()) {
    o.transport.stall_timeout_s = std::max(1L, std::atol(t.c_str()));
  }
  if (uri.scheme == "hdfs") {
    auto configured = FromHadoopConfiguration(uri.authority);
    if (!configured.ok()) return configured.status().WithContext("resolving " + uri.ToString());
    // A kerberized cluster's client configuration turns SPNEGO on, as it turns
    // Kerberos on for `hadoop distcp`.
    if (auth.empty() && configured->kerberos) o.transport.spnego = true;
    if (configured->endpoints) {
      o.namenodes = configured->endpoints->namenodes;
      return o;
    }
  }
  if (uri.authority.empty())
    return Status::Invalid("a WebHDFS URI needs a NameNode address", uri.ToString());

  if (uri.scheme == "webhdfs" || uri.scheme == "swebhdfs") {
    bool tls = uri.scheme == "swebhdfs";
    for (const auto& hp : SplitComma(uri.authority)) {
      o.namenodes.push_back(std::string(tls ? "https://" : "http://") + hp +
                            (HasPort(hp) ? "" : (tls ? ":9871" : ":9870")));
    }
  } else if (uri.scheme == "hdfs") {
    std::string port = Env("HMIG_NAMENODE_HTTP_PORT");
    for (const auto& hp : SplitComma(uri.authority)) {
      if (!port.empty()) {
        o.namenodes.push_back("http://" + HostOf(hp) + ":" + port);
      } else {
        HMIG_ASSIGN_OR_RETURN(std::string base, ProbeHttpAddress(HostOf(hp), o.transport));
        o.namenodes.push_back(base);
      }
    }
  } else {
    return Status::Invalid("not a WebHDFS scheme: " + uri.scheme, uri.ToString());
  }
  if (o.namenodes.empty()) return Status::Invalid("no NameNode address in the URI", uri.ToString());
  return o;
}

Result<std::shared_ptr<WebHdfsFileSystem>> MakeWebHdfsFileSystem(const Uri& uri) {
  HMIG_ASSIGN_OR_RETURN(WebHdfsOptions options, OptionsForUri(uri));
  return std::make_shared<WebHdfsFileSystem>(uri.WithPath("/"), std::move(options));
}

void RegisterWebHdfsBackends(const SchemeSink& sink) {
  for (const char* scheme : {"webhdfs", "swebhdfs", "hdfs"}) {
    sink(scheme, [](const Uri& uri) -> Result<std::shared_ptr<FileSystem>> {
      HMIG_ASSIGN_OR_RETURN(auto fs, MakeWebHdfsFileSystem(uri));
      return std::shared_ptr<FileSystem>(std::move(fs));
    });
  }
}

}  // namespace hmig::fs::webhdfs
