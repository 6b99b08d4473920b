#include "fs/webhdfs/webhdfs_http.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <mutex>

namespace hmig::fs::webhdfs {

namespace {

constexpr long kBufferSize = 512 * 1024;
constexpr long kUploadBufferSize = 2 * 1024 * 1024;  // libcurl's maximum
constexpr size_t kErrorBodyLimit = 1u << 20;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The NameNode handle of this thread: reused across calls so keep-alive
// connections stay with the worker.
struct ThreadHandle {
  CURL* handle = nullptr;
  ThreadHandle() {
    GlobalInit();
    handle = curl_easy_init();
  }
  ~ThreadHandle() { curl_easy_cleanup(handle); }
};

// A URL without its query, for messages: the query can hold a delegation token.
std::string Redacted(const std::string& url) {
  return url.substr(0, url.find('?'));
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// Parses one header line into the response; returns true at the blank line that
// ends the headers of a final (non-1xx) response.
bool ParseHeaderLine(std::string_view line, HttpResponse* r) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.substr(0, 5) == "HTTP/") {
    auto sp = line.find(' ');
    r->status =
        sp == std::string_view::npos ? 0 : std::atol(std::string(line.substr(sp + 1, 3)).c_str());
    r->location.clear();
    r->content_type.clear();
    return false;
  }
  if (line.empty()) return r->status >= 200;
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view name = line.substr(0, colon);
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (IEquals(name, "Location")) r->location = std::string(value);
  if (IEquals(name, "Content-Type")) r->content_type = std::string(value);
  return false;
}

struct PerformState {
  HttpResponse* out;
  size_t limit;
};

size_t PerformHeader(char* data, size_t size, size_t n, void* p) {
  ParseHeaderLine(std::string_view(data, size * n), static_cast<PerformState*>(p)->out);
  return size * n;
}

size_t PerformBody(char* data, size_t size, size_t n, void* p) {
  auto* st = static_cast<PerformState*>(p);
  size_t total = size * n;
  size_t room = st->limit - std::min(st->limit, st->out->body.size());
  if (total > room) {
    st->out->body.append(data, room);
    st->out->body_truncated = true;
    return 0;  // stop: the caller did not want a body this large
  }
  st->out->body.append(data, total);
  return total;
}

}  // namespace

std::string UrlEncode(const std::string& text, bool keep_slash) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + 8);
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Transport::Transport(TransportOptions options) : options_(std::move(options)) {
  GlobalInit();
  share_ = curl_share_init();
  curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &Transport::Lock);
  curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &Transport::Unlock);
  curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
}

Transport::~Transport() {
  curl_share_cleanup(share_);
}

void Transport::Lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
  static_cast<Transport*>(self)->locks_[data].lock();
}

void Transport::Unlock(CURL*, curl_lock_data data, void* self) {
  static_cast<Transport*>(self)->locks_[data].unlock();
}

void Transport::Configure(CURL* h) const {
  curl_easy_setopt(h, CURLOPT_SHARE, share_);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PATH_AS_IS,
                   1L);  // send paths exactly as encoded (no dot-segment folding)
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_s);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, options_.stall_timeout_s);
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_BUFFERSIZE, kBufferSize);
  curl_easy_setopt(h, CURLOPT_UPLOAD_BUFFERSIZE, kUploadBufferSize);
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");  // keep hadoop.auth cookies (saves SPNEGO rounds)
  if (!options_.ca_cert.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_cert.c_str());
  if (options_.insecure) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (options_.spnego) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_NEGOTIATE));
    curl_easy_setopt(h, CURLOPT_USERPWD, ":");
  }
}

Status Transport::Perform(const std::string& method, const std::string& url,
                          const std::string* upload, HttpResponse* out, TransportFailure* failure,
                          size_t body_limit) {
  thread_local ThreadHandle thread_handle;
  CURL* h = thread_handle.handle;
  curl_easy_reset(h);
  Configure(h);
  *out = HttpResponse{};
  *failure = TransportFailure::kNone;
  PerformState state{out, body_limit};
  char error[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = curl_slist_append(nullptr, "Expect:");
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &PerformHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &state);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &PerformBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &state);
  if (method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (method == "PUT" || method == "POST") {
    // PUT/POST always carry a body (maybe empty), so Content-Length is sent.
    headers = curl_slist_append(headers, "Content-Type: application/octet-stream");
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(upload ? upload->size() : 0));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, upload ? upload->data() : "");
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  } else {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(h, CURLOPT_SHARE, nullptr);
  curl_slist_free_all(headers);
  if (rc == CURLE_WRITE_ERROR && out->body_truncated) rc = CURLE_OK;
  if (rc != CURLE_OK) {
    *failure = (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST)
                   ? TransportFailure::kConnect
                   : TransportFailure::kOther;
    std::string msg = method;
    msg.append(" ")
        .append(Redacted(url))
        .append(" failed: ")
        .append(error[0] ? error : curl_easy_strerror(rc));
    if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE) {
      return Status(StatusCode::kAuth,
                    msg + " (TLS verification failed; give the CA with --ca-cert)");
    }
    return Status(StatusCode::kTransient, msg);
  }
  return Status::OK();
}

StreamTransfer::StreamTransfer(const Transport& transport) : transport_(transport) {}

StreamTransfer::~StreamTransfer() {
  if (multi_ && easy_) curl_multi_remove_handle(multi_, easy_);
  if (easy_) curl_easy_cleanup(easy_);
  if (multi_) curl_multi_cleanup(multi_);
  curl_slist_free_all(headers_);
}

size_t StreamTransfer::OnHeader(char* data, size_t size, size_t n, void* p) {
  auto* self = static_cast<StreamTransfer*>(p);
  self->moved_ += size * n;
  if (ParseHeaderLine(std::string_view(data, size * n), &self->response_))
    self->headers_done_ = true;
  return size * n;
}

size_t StreamTransfer::OnBody(char* data, size_t size, size_t n, void* p) {
  auto* self = static_cast<StreamTransfer*>(p);
  size_t total = size * n;
  self->moved_ += total;
  if (self->target_ == nullptr || self->response_.status < 200 || self->response_.status >= 300) {
    // An upload's answer or an error: keep (a bounded part of) it for the caller.
    size_t room = kErrorBodyLimit - std::min(kErrorBodyLimit, self->response_.body.size());
    self->response_.body.append(data, std::min(room, total));
    return total;
  }
  if (self->target_filled_ == self->target_len_) {
    self->paused_ = true;
    return CURL_WRITEFUNC_PAUSE;  // libcurl keeps these bytes and hands them over again
  }
  size_t take = std::min(total, self->target_len_ - self->target_filled_);
  std::memcpy(self->target_ + self->target_filled_, data, take);
  self->target_filled_ += take;
  if (take < total) {
    self->pending_.assign(data + take, total - take);
    self->pending_pos_ = 0;
  }
  return total;
}

size_t StreamTransfer::OnUpload(char* data, size_t size, size_t n, void* p) {
  auto* self = static_cast<StreamTransfer*>(p);
  if (self->source_left_ > 0) {
    size_t k = std::min(size * n, self->source_left_);
    std::memcpy(data, self->source_, k);
    self->source_ += k;
    self->source_left_ -= k;
    self->moved_ += k;
    return k;
  }
  if (self->source_eof_) return 0;
  self->paused_ = true;
  return CURL_READFUNC_PAUSE;
}

Status StreamTransfer::Start(const std::string& method, const std::string& url, bool upload) {
  GlobalInit();
  easy_ = curl_easy_init();
  multi_ = curl_multi_init();
  if (!easy_ || !multi_) return Status::Internal("cannot allocate an HTTP handle");
  transport_.Configure(easy_);
  headers_ = curl_slist_append(nullptr, "Expect:");
  curl_easy_setopt(easy_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_);
  curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &StreamTransfer::OnHeader);
  curl_easy_setopt(easy_, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &StreamTransfer::OnBody);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  if (upload) {
    headers_ = curl_slist_append(headers_, "Content-Type: application/octet-stream");
    curl_easy_setopt(easy_, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(easy_, CURLOPT_READFUNCTION, &StreamTransfer::OnUpload);
    curl_easy_setopt(easy_, CURLOPT_READDATA, this);
    if (method != "PUT") curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers_);
  curl_multi_add_handle(multi_, easy_);
  return Status::OK();
}

template <typename Pred>
Status StreamTransfer::Drive(Pred until) {
  // libcurl's low-speed limit averages over several seconds; this notices a
  // stream that stopped moving after stall_timeout_s exactly.
  uint64_t last_progress = moved_;
  auto last_change = std::chrono::steady_clock::now();
  const auto stall = std::chrono::seconds(transport_.options().stall_timeout_s);
  while (!done_ && !until()) {
    uint64_t now_progress = moved_;
    auto now = std::chrono::steady_clock::now();
    if (now_progress != last_progress) {
      last_progress = now_progress;
      last_change = now;
    } else if (now - last_change > stall) {
      done_ = true;
      result_ = CURLE_OPERATION_TIMEDOUT;
      std::snprintf(error_, sizeof error_, "no data moved for %ld s",
                    transport_.options().stall_timeout_s);
      return TransferError();
    }
    int running = 0;
    CURLMcode mc = curl_multi_perform(multi_, &running);
    if (mc != CURLM_OK) return Status::Internal(std::string("libcurl: ") + curl_multi_strerror(mc));
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg == CURLMSG_DONE) {
        done_ = true;
        result_ = msg->data.result;
      }
    }
    if (done_ || until()) break;
    curl_multi_poll(multi_, nullptr, 0, 200, nullptr);
  }
  return done_ && result_ != CURLE_OK ? TransferError() : Status::OK();
}

Status StreamTransfer::TransferError() const {
  std::string msg = "transfer failed: ";
  msg.append(error_[0] ? error_ : curl_easy_strerror(result_));
  return Status(StatusCode::kTransient, msg);
}

Status StreamTransfer::StartDownload(const std::string& url) {
  return Start("GET", url, false);
}

Result<size_t> StreamTransfer::Read(void* buf, size_t len) {
  if (len == 0) return size_t{0};
  if (pending_pos_ < pending_.size()) {
    size_t k = std::min(len, pending_.size() - pending_pos_);
    std::memcpy(buf, pending_.data() + pending_pos_, k);
    pending_pos_ += k;
    return k;
  }
  target_ = static_cast<char*>(buf);
  target_len_ = len;
  target_filled_ = 0;
  if (paused_) {
    paused_ = false;
    curl_easy_pause(easy_, CURLPAUSE_CONT);  // may deliver the held bytes right here
  }
  Status st = Drive([this] { return target_filled_ == target_len_; });
  size_t got = target_filled_;
  target_ = nullptr;
  target_len_ = target_filled_ = 0;
  if (got > 0 && response_.status >= 200 && response_.status < 300) return got;
  if (!st.ok()) return st;
  if (response_.status < 200 || response_.status >= 300) {
    return Status(StatusCode::kIOError, "HTTP status " + std::to_string(response_.status));
  }
  return got;
}

Status StreamTransfer::StartUpload(const std::string& method, const std::string& url) {
  return Start(method, url, true);
}

Status StreamTransfer::Write(const void* data, size_t len) {
  if (done_) {
    return result_ != CURLE_OK
               ? TransferError()
               : Status(StatusCode::kIOError, "the server answered before the data was sent");
  }
  source_ = static_cast<const char*>(data);
  source_left_ = len;
  if (paused_) {
    paused_ = false;
    curl_easy_pause(easy_, CURLPAUSE_CONT);
  }
  Status st = Drive([this] { return source_left_ == 0; });
  source_ = nullptr;
  HMIG_RETURN_IF_ERROR(st);
  if (source_left_ > 0) {
    source_left_ = 0;
    return Status(StatusCode::kIOError, "the server answered before the data was sent");
  }
  return Status::OK();
}

Status StreamTransfer::Finish() {
  source_eof_ = true;
  if (paused_) {
    paused_ = false;
    curl_easy_pause(easy_, CURLPAUSE_CONT);
  }
  return Drive([] { return false; });
}

}  // namespace hmig::fs::webhdfs
