// The flags that reach HDFS through hmig's filesystem layer (webhdfs://,
// swebhdfs://, hdfs:// resolved with a Hadoop configuration), for subcommands
// parsed with CLI11. They mean what `hmig distcp`'s flags of the same names
// mean: the WebHDFS backend reads its settings from the environment
// (src/fs/webhdfs/webhdfs_backend.h), and Apply() sets them for this process.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace hmig::cli {

struct HadoopFsFlags {
  std::string hadoop_conf;
  std::string ca_cert;
  std::string delegation_token;  // a secret: scrubbed from argv by main, never printed
  std::string namenode_http_port;
  bool insecure = false;

  // Adds the flags to `app` in a group named "HDFS".
  void Add(CLI::App& app);
  // Exports the given flags for the filesystem backends; `command` prefixes the
  // warning printed for --insecure.
  void Apply(const std::string& command) const;
};

}  // namespace hmig::cli
