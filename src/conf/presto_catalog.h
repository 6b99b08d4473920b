// The seed's "Presto cluster migration": the Hive catalog (etc/catalog/hive.properties) of
// a Presto or Trino cluster pointed at the new cluster's metastore and Hadoop
// configuration, with the seed's properties:
//   connector.name            hive-hadoop2 (Presto) | hive (Trino)
//   hive.metastore.uri        thrift://HOST:9083
//   hive.config.resources     <hadoop conf>/core-site.xml,<hadoop conf>/hdfs-site.xml
//   hive.allow-drop-table     true   (Presto; Trino 443 removed the legacy security mode
//   hive.allow-rename-table   true    these belong to, and allows both by default)
//   hive.recursive-directories true
// The user's other settings (from the old catalog) are kept with their comments and order.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "conf/finding.h"
#include "util/status.h"

namespace hmig::conf {

enum class PrestoFlavor { kPresto, kTrino };

struct CatalogOptions {
  std::optional<std::string> from_text;  // the old catalog's content
  std::string from_label;                // its file name, for messages
  std::string metastore_uri;             // thrift://host:port[,thrift://host2:port]
  std::string hadoop_conf_dir;
  PrestoFlavor flavor = PrestoFlavor::kPresto;
};

struct CatalogResult {
  std::string text;  // the new catalog
  std::vector<Finding> findings;
};

// InvalidArgument for a metastore URI that is not thrift://host:port or a malformed old
// catalog; NotFound/InvalidArgument (naming file and line) when core-site.xml or
// hdfs-site.xml is missing from the Hadoop conf dir or is not valid Hadoop XML.
Result<CatalogResult> MakeHiveCatalog(const CatalogOptions& options);

}  // namespace hmig::conf
