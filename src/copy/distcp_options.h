// DistCp's command line, parsed into CopyOptions. Hadoop users type `-update`,
// others `--update`; both are accepted, and so is an en or em dash pasted from a
// web page (the seed's own `–delete`), with a warning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/status.h"

namespace hmig::copy {

// DistCp's -p letters.
struct PreserveSet {
  bool replication = false;    // r
  bool block_size = false;     // b
  bool user = false;           // u
  bool group = false;          // g
  bool permission = false;     // p
  bool checksum_type = false;  // c
  bool acl = false;            // a
  bool xattr = false;          // x
  bool times = false;          // t

  // "rbugpcaxt" letters; an empty string is DistCp's default set for a bare -p
  // (replication, block size, user, group, permission, checksum type, times).
  static Result<PreserveSet> Parse(const std::string& letters);
  std::string Letters() const;
  bool any() const {
    return replication || block_size || user || group || permission || checksum_type || acl ||
           xattr || times;
  }
};

struct CopyOptions {
  std::vector<std::string> sources;
  std::string target;
  std::string source_list_file;  // -f

  bool update = false;
  bool overwrite = false;
  bool append = false;
  bool delete_missing = false;
  bool skip_crc = false;
  bool ignore_failures = false;  // -i
  bool direct = false;
  bool atomic = false;
  bool verbose = false;
  std::string tmp_dir;        // -tmp (with -atomic)
  std::string log_dir;        // -log
  std::string filters_file;   // -filters
  std::string report_file;    // --report (hmig)
  std::string state_dir;      // --state (hmig): where the journal lives
  int retries = 3;            // --retries (hmig): per-file retries of transient errors
  bool verify_bytes = false;  // --verify-bytes (hmig): incomparable checksums -> compare bytes
  // Remote filesystem settings (webhdfs://, swebhdfs://, hdfs://).
  std::string hadoop_conf;         // --hadoop-conf DIR (else HADOOP_CONF_DIR)
  std::string ca_cert;             // --ca-cert FILE for swebhdfs://
  bool insecure = false;           // --insecure: no TLS verification
  std::string delegation_token;    // --delegation-token (a secret: never printed)
  std::string namenode_http_port;  // --namenode-http-port for hdfs://host:8020
  bool verify = false;             // --verify (hmig): compare source and target after the copy

  int max_workers = 20;      // -m (DistCp's default number of maps)
  double bandwidth_mb = 0;   // -bandwidth, MB/s per worker; 0 = unlimited
  int list_threads = 8;      // -numListstatusThreads
  int blocks_per_chunk = 0;  // -blocksperchunk: 0 = split large files only when cores idle
  PreserveSet preserve;

  // Accepted because they are part of DistCp's table, but meaningless for a
  // single-process copy; each is mentioned once in a notice.
  std::vector<std::string> ignored_options;
  // Things the user should know about how their command line was read.
  std::vector<std::string> warnings;
  bool help = false;
};

// Parses the arguments after `hmig distcp`. Returns kInvalidArgument with a message
// naming the offending flag for unknown flags, missing values and DistCp's own
// incompatibilities (-delete without -update/-overwrite, -atomic with -update, ...).
// Sources from -f are read later (they may live on a remote filesystem).
Result<CopyOptions> ParseDistCpArgs(const std::vector<std::string>& args);

// The usage text for `hmig distcp --help`.
std::string DistCpUsage();

}  // namespace hmig::copy
