// Registration of the webhdfs://, swebhdfs:// and hdfs:// schemes, and the
// options that come from the environment until the CLI passes flags:
//   HADOOP_USER_NAME              user.name for simple auth (default: the local user)
//   HMIG_WEBHDFS_DELEGATION_TOKEN a delegation token (URL-safe string form)
//   HMIG_WEBHDFS_AUTH=kerberos    SPNEGO with the Kerberos ticket cache (kinit); for
//                                 hdfs:// the default is the Hadoop configuration's
//                                 hadoop.security.authentication (=simple turns it off)
//   HMIG_WEBHDFS_CA_CERT          PEM CA bundle for swebhdfs:// / https NameNodes
//   HMIG_WEBHDFS_INSECURE=1       no TLS verification (only on request)
//   HMIG_WEBHDFS_NOREDIRECT=1     use noredirect=true instead of following 307s
//   HMIG_WEBHDFS_STALL_TIMEOUT    seconds without progress before a transfer fails (60)
//   HMIG_NAMENODE_HTTP_PORT       HTTP port for hdfs://host:8020 (default: probe 9870, then 50070)
#pragma once

#include <memory>

#include "fs/builtin_backends.h"
#include "fs/webhdfs/webhdfs_fs.h"

namespace hmig::fs::webhdfs {

void RegisterWebHdfsBackends(const SchemeSink& sink);

// The options for a webhdfs://, swebhdfs:// or hdfs:// URI. An authority may list
// several NameNodes ("nn1:9870,nn2:9870": an HA pair in failover order).
Result<WebHdfsOptions> OptionsForUri(const Uri& uri);

Result<std::shared_ptr<WebHdfsFileSystem>> MakeWebHdfsFileSystem(const Uri& uri);

}  // namespace hmig::fs::webhdfs
