// Decoding of WebHDFS JSON answers: FileStatus objects and RemoteException errors.
// Field names and shapes as in Hadoop's JsonUtil (recorded from 2.10.1 and 3.3.6).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "fs/filesystem.h"
#include "fs/webhdfs/webhdfs_http.h"

namespace hmig::fs::webhdfs {

// A FileStatus JSON object; `path` becomes the status's path (the caller joins
// pathSuffix for listings).
Result<FileStatus> ParseFileStatus(const nlohmann::json& j, const std::string& path);

// Parses a body as JSON; kCorrupt naming `what` when it is not.
Result<nlohmann::json> ParseJsonBody(const std::string& body, const std::string& what,
                                     const std::string& path);

// The failure an HTTP answer stands for, from its RemoteException JSON when there is
// one (FileNotFoundException -> kNotFound, AccessControlException -> kPermissionDenied,
// SafeModeException/RetriableException -> kTransient, quota -> kNoSpace,
// InvalidToken -> kAuth, ...) and from the status code otherwise. The server's
// message is kept, without a DataNode's stack trace.
Status ErrorFromResponse(const HttpResponse& response, const std::string& op,
                         const std::string& path);

// The RemoteException's simple class name ("StandbyException"), or "".
std::string RemoteExceptionName(const HttpResponse& response);

}  // namespace hmig::fs::webhdfs
