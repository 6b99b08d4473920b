// Delegation tokens out of a Hadoop credentials file (the file YARN and Oozie hand
// to jobs through HADOOP_TOKEN_FILE_LOCATION, or `hdfs fetchdt` writes): "HDTS",
// a format byte (0: Writable, 1: protobuf), then the tokens. A token is returned in
// the URL-safe string form WebHDFS takes as delegation= (Token.encodeToUrlString:
// URL-safe base64, no padding, of the token's Writable serialisation).
#pragma once

#include <string>
#include <vector>

#include "util/status.h"

namespace hmig::fs::webhdfs {

struct HadoopToken {
  std::string alias;
  std::string kind;     // "HDFS_DELEGATION_TOKEN", "WEBHDFS delegation", ...
  std::string service;  // "10.0.0.1:8020" or "ha-hdfs:nameservice"
  std::string url_string;
};

// All tokens in the file. kCorrupt for a file that is not a credentials file.
Result<std::vector<HadoopToken>> ReadHadoopTokenFile(const std::string& path);

// The HDFS delegation token for `service` (exact match, or "ha-hdfs:<service>"),
// else the only HDFS delegation token in the file. kNotFound when there is none.
Result<std::string> HdfsTokenFromFile(const std::string& path, const std::string& service);

}  // namespace hmig::fs::webhdfs
