#include "fs/webhdfs/hadoop_token_file.h"

#include <fstream>
#include <iterator>

namespace hmig::fs::webhdfs {

namespace {

class Reader {
 public:
  explicit Reader(const std::string& data) : data_(data) {}
  bool Byte(uint8_t* out) {
    if (pos_ >= data_.size()) return false;
    *out = static_cast<uint8_t>(data_[pos_++]);
    return true;
  }
  bool Bytes(size_t n, std::string* out) {
    if (n > data_.size() - pos_) return false;
    *out = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  // Hadoop's WritableUtils.readVLong.
  bool VLong(int64_t* out) {
    uint8_t first;
    if (!Byte(&first)) return false;
    int8_t b = static_cast<int8_t>(first);
    if (b >= -112) {
      *out = b;
      return true;
    }
    int len = b < -120 ? -119 - b : -111 - b;
    uint64_t v = 0;
    for (int i = 0; i < len - 1; ++i) {
      uint8_t x;
      if (!Byte(&x)) return false;
      v = (v << 8) | x;
    }
    *out = b < -120 ? static_cast<int64_t>(~v) : static_cast<int64_t>(v);
    return true;
  }
  bool Text(std::string* out) {
    int64_t n;
    return VLong(&n) && n >= 0 && Bytes(static_cast<size_t>(n), out);
  }
  // Protobuf base-128 varint.
  bool Varint(uint64_t* out) {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t x;
      if (!Byte(&x)) return false;
      v |= static_cast<uint64_t>(x & 0x7f) << shift;
      if (!(x & 0x80)) {
        *out = v;
        return true;
      }
    }
    return false;
  }
  bool done() const { return pos_ >= data_.size(); }

 private:
  const std::string& data_;
  size_t pos_ = 0;
};

// WritableUtils.writeVLong.
void AppendVLong(std::string& out, int64_t i) {
  if (i >= -112 && i <= 127) {
    out.push_back(static_cast<char>(i));
    return;
  }
  int len = -112;
  if (i < 0) {
    i = ~i;
    len = -120;
  }
  for (int64_t tmp = i; tmp != 0; tmp >>= 8) --len;
  out.push_back(static_cast<char>(len));
  int bytes = len < -120 ? -(len + 120) : -(len + 112);
  for (int idx = bytes; idx != 0; --idx)
    out.push_back(static_cast<char>((i >> ((idx - 1) * 8)) & 0xff));
}

void AppendText(std::string& out, const std::string& s) {
  AppendVLong(out, static_cast<int64_t>(s.size()));
  out.append(s);
}

std::string Base64UrlNoPad(const std::string& raw) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  for (; i + 2 < raw.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(raw[i]) << 16) | (static_cast<uint8_t>(raw[i + 1]) << 8) |
                 static_cast<uint8_t>(raw[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(v >> s) & 63]);
  }
  if (i + 1 == raw.size()) {
    uint32_t v = static_cast<uint8_t>(raw[i]) << 16;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
  } else if (i + 2 == raw.size()) {
    uint32_t v = (static_cast<uint8_t>(raw[i]) << 16) | (static_cast<uint8_t>(raw[i + 1]) << 8);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
  }
  return out;
}

HadoopToken MakeToken(std::string alias, const std::string& id, const std::string& password,
                      std::string kind, std::string service) {
  std::string raw;
  AppendText(raw, id);
  AppendText(raw, password);
  AppendText(raw, kind);
  AppendText(raw, service);
  return HadoopToken{std::move(alias), std::move(kind), std::move(service), Base64UrlNoPad(raw)};
}

bool ReadWritable(Reader& r, std::vector<HadoopToken>* out) {
  int64_t count;
  if (!r.VLong(&count) || count < 0) return false;
  for (int64_t k = 0; k < count; ++k) {
    std::string alias, id, password, kind, service;
    if (!r.Text(&alias) || !r.Text(&id) || !r.Text(&password) || !r.Text(&kind) ||
        !r.Text(&service))
      return false;
    out->push_back(MakeToken(alias, id, password, kind, service));
  }
  return true;  // secret keys follow; not needed
}

// Fields of one length-delimited protobuf message: field number -> bytes.
bool ProtoFields(const std::string& msg, std::vector<std::pair<uint64_t, std::string>>* fields) {
  Reader r(msg);
  while (!r.done()) {
    uint64_t key, len;
    if (!r.Varint(&key)) return false;
    if ((key & 7) == 0) {
      if (!r.Varint(&len)) return false;
      continue;
    }
    if ((key & 7) != 2 || !r.Varint(&len)) return false;
    std::string value;
    if (!r.Bytes(len, &value)) return false;
    fields->emplace_back(key >> 3, std::move(value));
  }
  return true;
}

// CredentialsProto { repeated CredentialsKVProto tokens = 1; ... }
// CredentialsKVProto { string alias = 1; TokenProto token = 2; bytes secret = 3; }
// TokenProto { bytes identifier = 1; bytes password = 2; string kind = 3; string service = 4; }
bool ReadProtobuf(Reader& r, std::vector<HadoopToken>* out) {
  uint64_t len;
  std::string msg;
  if (!r.Varint(&len) || !r.Bytes(len, &msg)) return false;  // writeDelimitedTo
  std::vector<std::pair<uint64_t, std::string>> creds;
  if (!ProtoFields(msg, &creds)) return false;
  for (const auto& [field, kv] : creds) {
    if (field != 1) continue;
    std::vector<std::pair<uint64_t, std::string>> kvf;
    if (!ProtoFields(kv, &kvf)) return false;
    std::string alias, token;
    for (const auto& [f, v] : kvf) {
      if (f == 1) alias = v;
      if (f == 2) token = v;
    }
    std::vector<std::pair<uint64_t, std::string>> tf;
    if (!ProtoFields(token, &tf)) return false;
    std::string t[5];
    for (const auto& [f, v] : tf) {
      if (f >= 1 && f <= 4) t[f] = v;
    }
    out->push_back(MakeToken(alias, t[1], t[2], t[3], t[4]));
  }
  return true;
}

}  // namespace

Result<std::vector<HadoopToken>> ReadHadoopTokenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::FromErrno(errno, "cannot open the Hadoop token file", path);
  std::string data((std::istreambuf_iterator<char>(in)), {});
  if (data.size() < 5 || data.compare(0, 4, "HDTS") != 0) {
    return Status::Corrupt("not a Hadoop credentials file (no HDTS header)", path);
  }
  Reader r(data);
  std::string skip;
  r.Bytes(4, &skip);
  uint8_t format;
  r.Byte(&format);
  std::vector<HadoopToken> tokens;
  bool ok = format == 0 ? ReadWritable(r, &tokens) : format == 1 ? ReadProtobuf(r, &tokens) : false;
  if (!ok)
    return Status::Corrupt(
        "malformed Hadoop credentials file (format " + std::to_string(format) + ")", path);
  return tokens;
}

Result<std::string> HdfsTokenFromFile(const std::string& path, const std::string& service) {
  HMIG_ASSIGN_OR_RETURN(auto tokens, ReadHadoopTokenFile(path));
  std::vector<const HadoopToken*> hdfs;
  for (const auto& t : tokens) {
    if (t.kind == "HDFS_DELEGATION_TOKEN" || t.kind == "WEBHDFS delegation" ||
        t.kind == "SWEBHDFS delegation") {
      if (t.service == service || t.service == "ha-hdfs:" + service) return t.url_string;
      hdfs.push_back(&t);
    }
  }
  if (hdfs.size() == 1) return hdfs.front()->url_string;
  return Status::NotFound(hdfs.empty() ? "no HDFS delegation token in the Hadoop token file"
                                       : "several HDFS delegation tokens and none for " + service,
                          path);
}

}  // namespace hmig::fs::webhdfs
