// Turning the hdfs:// URIs users type into WebHDFS NameNode HTTP addresses, the
// way Hadoop's DFSUtil reads hdfs-site.xml / core-site.xml:
//   * hdfs://NS/path where NS is in dfs.nameservices (or has dfs.ha.namenodes.NS):
//     every NameNode of dfs.ha.namenodes.NS, at dfs.namenode.http-address.NS.NN
//     (https-address when dfs.http.policy is HTTPS_ONLY), in the listed order; a
//     non-HA nameservice uses dfs.namenode.http-address.NS;
//   * hdfs://host:port/path: the NameNode whose dfs.namenode.rpc-address[.NS[.NN]]
//     is host:port (port 8020 when absent) gives its http-address; otherwise
//     the unsuffixed dfs.namenode.http-address when dfs.namenode.rpc-address
//     names this host; otherwise nothing (the caller uses --namenode-http-port or probes);
//   * hdfs:///path: the authority of fs.defaultFS.
// The configuration is read through a lookup function, so this does not depend
// on how the XML was loaded.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "util/status.h"

namespace hmig::fs::webhdfs {

// The (expanded) value of a Hadoop property, or nullopt when it is not set.
using ConfLookup = std::function<std::optional<std::string>(const std::string& name)>;

struct HdfsEndpoints {
  std::vector<std::string> namenodes;  // "http://host:port" or "https://host:port", HA order
  std::string nameservice;             // "" when the authority was a plain host:port
};

// Returns nullopt when the configuration says nothing about `authority` (a bare
// host:port with no matching NameNode). kInvalidArgument for a nameservice whose
// NameNodes have no HTTP address and for an empty authority without fs.defaultFS.
Result<std::optional<HdfsEndpoints>> ResolveHdfsAuthority(const std::string& authority,
                                                          const ConfLookup& conf);

}  // namespace hmig::fs::webhdfs
