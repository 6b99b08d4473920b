// The HTTP transport of the WebHDFS backend, over libcurl.
//
// Connections are reused: every handle of one WebHDFS filesystem shares a libcurl
// connection cache, DNS cache and TLS session cache (a CURLSH), and NameNode calls
// use one easy handle per thread, so a worker keeps its keep-alive connection.
// Data streams (OPEN, CREATE, APPEND step 2) have their own handle driven through a
// multi handle, so that bytes flow straight between the DataNode and the caller's
// buffers with a bounded amount held in between (the libcurl receive buffer).
#pragma once

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <string>

#include "util/status.h"

namespace hmig::fs::webhdfs {

// How to talk to the servers: TLS and authentication. Query parameters for
// user.name / delegation are added by the caller; these are transport settings.
struct TransportOptions {
  std::string ca_cert;    // PEM bundle to verify swebhdfs servers with ("" = system)
  bool insecure = false;  // skip TLS verification (only on request)
  bool spnego = false;    // Kerberos SPNEGO through GSS-API with the ticket cache
  long connect_timeout_s = 10;
  long stall_timeout_s = 60;  // abort a transfer that moves no byte for this long
};

// The result of one request whose body is small (JSON or an error).
struct HttpResponse {
  long status = 0;
  std::string location;
  std::string content_type;
  std::string body;
  bool body_truncated = false;  // the body exceeded the limit and was cut
};

// Kinds of failure below HTTP, to decide on failover and retries.
enum class TransportFailure { kNone, kConnect, kOther };

class Transport {
 public:
  explicit Transport(TransportOptions options);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // One request without following redirects. `upload` (may be null) is sent as the
  // body. The body read is capped at `body_limit` bytes. On a transport error returns
  // kTransient and sets *failure (kConnect when no connection could be made).
  Status Perform(const std::string& method, const std::string& url, const std::string* upload,
                 HttpResponse* out, TransportFailure* failure, size_t body_limit = 64u << 20);

  // Applies TLS, auth, timeouts and the shared caches to a fresh or reset handle.
  void Configure(CURL* handle) const;

  const TransportOptions& options() const { return options_; }

 private:
  TransportOptions options_;
  CURLSH* share_ = nullptr;
  std::mutex locks_[CURL_LOCK_DATA_LAST];
  static void Lock(CURL*, curl_lock_data data, curl_lock_access, void* self);
  static void Unlock(CURL*, curl_lock_data data, void* self);
};

// Percent-encodes a path or a query value: everything but unreserved characters
// (and '/' when keep_slash) becomes %XX of its UTF-8 bytes.
std::string UrlEncode(const std::string& text, bool keep_slash);

// A one-direction streaming transfer on its own handle. Not thread-safe.
class StreamTransfer {
 public:
  explicit StreamTransfer(const Transport& transport);
  ~StreamTransfer();
  StreamTransfer(const StreamTransfer&) = delete;
  StreamTransfer& operator=(const StreamTransfer&) = delete;

  // Starts a GET whose 2xx body is read with Read().
  Status StartDownload(const std::string& url);
  // Reads up to len bytes of the body; 0 at its end. Non-2xx answers and dropped
  // connections come back as errors (the error body is in response()).
  Result<size_t> Read(void* buf, size_t len);

  // Starts a PUT/POST whose body is given by Write() calls and ended by Finish().
  // The body is sent chunked (its length is not known in advance).
  Status StartUpload(const std::string& method, const std::string& url);
  Status Write(const void* data, size_t len);
  // Ends the body and waits for the answer, which is in response().
  Status Finish();

  const HttpResponse& response() const { return response_; }
  bool done() const { return done_; }

 private:
  static size_t OnHeader(char* data, size_t size, size_t n, void* self);
  static size_t OnBody(char* data, size_t size, size_t n, void* self);
  static size_t OnUpload(char* data, size_t size, size_t n, void* self);
  Status Start(const std::string& method, const std::string& url, bool upload);
  // Runs the transfer until `until()` holds or it ends. Returns the transfer's
  // error if it ended badly.
  template <typename Pred>
  Status Drive(Pred until);
  Status TransferError() const;

  const Transport& transport_;
  CURL* easy_ = nullptr;
  CURLM* multi_ = nullptr;
  curl_slist* headers_ = nullptr;
  HttpResponse response_;
  bool headers_done_ = false;
  bool done_ = false;
  CURLcode result_ = CURLE_OK;
  uint64_t moved_ = 0;  // header and body bytes in either direction, to notice stalls
  char error_[CURL_ERROR_SIZE] = {0};
  // Download side.
  char* target_ = nullptr;
  size_t target_len_ = 0;
  size_t target_filled_ = 0;
  std::string pending_;  // bytes received beyond the caller's buffer
  size_t pending_pos_ = 0;
  bool paused_ = false;
  // Upload side.
  const char* source_ = nullptr;
  size_t source_left_ = 0;
  bool source_eof_ = false;
};

}  // namespace hmig::fs::webhdfs
