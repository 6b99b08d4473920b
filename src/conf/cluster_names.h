// The names a cluster is known by (nameservices, NameNode/ResourceManager/metastore/
// ZooKeeper hosts), read from its Hadoop configuration, and a search for them in text:
// `config diff` uses it to find values of the new cluster that still name the old one.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/hadoop_config.h"

namespace hmig::conf {

// Lower-case identifiers, without ports. Loopback and wildcard addresses are left out.
std::set<std::string> ClusterIdentifiers(const HadoopConfig& conf);

// The identifiers that occur in `text` as whole host names (not as part of a longer
// name: "oldcluster" is not found in "oldcluster2" or "a.oldcluster.b"), case-insensitive.
std::vector<std::string> FindIdentifiers(std::string_view text, const std::set<std::string>& ids);

// True for property names whose values must never be shown (passwords, secrets, keys).
bool IsSecretProperty(std::string_view name);

}  // namespace hmig::conf
