// `hmig config diff`: the differences between two clusters' Hadoop/Hive configuration that
// matter for a migration (the seed's "HDFS permission configuration", checksum
// comparability for distcp -update, security, the Hive warehouse and metastore database),
// and every value of the new cluster that still names the old one.
#pragma once

#include <string>
#include <vector>

#include "conf/finding.h"
#include "util/hadoop_config.h"

namespace hmig::conf {

// Compares `old_conf` with `new_conf`. Values that cannot be parsed (dfs.replication=three)
// become error findings naming file and line; secrets are never shown, only whether they
// differ. Findings come in a fixed order: permissions/ACLs/xattrs, checksums, replication,
// security, Hive, old-cluster names, then notes about ignored final overrides.
std::vector<Finding> DiffClusterConfigs(const HadoopConfig& old_conf, const HadoopConfig& new_conf);

// Info findings for the *.xml files in `dir` that config diff does not read (kms-site.xml,
// ssl-client.xml, ...), so that nobody assumes they were compared. `side` is "old"/"new".
std::vector<Finding> UncomparedFiles(const std::string& dir, const std::string& side);

}  // namespace hmig::conf
