#include "cli/hadoop_fs_flags.h"

#include <cstdio>
#include <cstdlib>

namespace hmig::cli {

void HadoopFsFlags::Add(CLI::App& app) {
  const char* group = "HDFS (webhdfs://, swebhdfs://, hdfs://)";
  app.add_option("--hadoop-conf", hadoop_conf,
                 "Hadoop configuration directory for hdfs:// names (default $HADOOP_CONF_DIR, "
                 "else /etc/hadoop/conf)")
      ->group(group);
  app.add_option("--ca-cert", ca_cert, "CA certificates (PEM) for swebhdfs://")->group(group);
  app.add_flag("--insecure", insecure, "do not verify TLS certificates (dangerous)")->group(group);
  app.add_option("--delegation-token", delegation_token,
                 "HDFS delegation token (also read from $HADOOP_TOKEN_FILE_LOCATION); hidden "
                 "from the process list")
      ->group(group);
  app.add_option("--namenode-http-port", namenode_http_port,
                 "NameNode HTTP port for hdfs://host:port without a Hadoop configuration "
                 "(default: probe 9870, then 50070)")
      ->group(group);
}

void HadoopFsFlags::Apply(const std::string& command) const {
  auto set = [](const char* name, const std::string& value) {
    if (!value.empty()) setenv(name, value.c_str(), 1);
  };
  set("HADOOP_CONF_DIR", hadoop_conf);
  set("HMIG_WEBHDFS_CA_CERT", ca_cert);
  set("HMIG_WEBHDFS_DELEGATION_TOKEN", delegation_token);
  set("HMIG_NAMENODE_HTTP_PORT", namenode_http_port);
  if (insecure) {
    setenv("HMIG_WEBHDFS_INSECURE", "1", 1);
    std::fprintf(stderr,
                 "%s: WARNING: --insecure: TLS certificates are NOT verified; anyone on the "
                 "path can read and change the data and steal tokens\n",
                 command.c_str());
  }
}

}  // namespace hmig::cli
