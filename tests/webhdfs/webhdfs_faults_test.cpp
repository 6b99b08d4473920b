// Faults, HA failover and delegation tokens: dropped and stalled streams are
// resumed at their offset, server errors come back with retryable codes, a
// standby or dead NameNode is skipped, tokens authenticate until cancelled.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "test_server.h"

namespace hmig::testing {
namespace {

using fs::webhdfs::WebHdfsOptions;

std::string Bytes(size_t n) {
  std::mt19937 rng(3);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

Status Put(fs::FileSystem& fs, const std::string& path, const std::string& data) {
  fs::CreateOptions o;
  o.overwrite = true;
  auto w = fs.Create(path, o);
  if (!w.ok()) return w.status();
  for (size_t off = 0; off < data.size(); off += 65536) {
    HMIG_RETURN_IF_ERROR(
        (*w)->Write(data.data() + off, std::min<size_t>(65536, data.size() - off)));
  }
  return (*w)->Close();
}

Result<std::string> Get(fs::FileSystem& fs, const std::string& path) {
  HMIG_ASSIGN_OR_RETURN(auto r, fs.OpenRead(path));
  std::string out, buf(1 << 18, '\0');
  while (true) {
    HMIG_ASSIGN_OR_RETURN(size_t n, r->ReadAt(out.size(), buf.data(), buf.size()));
    if (n == 0) return out;
    out.append(buf.data(), n);
  }
}

int Fired(const WebHdfsTestServer& s, const std::string& key) {
  return s.State()["fired"].value(key, 0);
}

TEST(WebHdfsFaultTest, ReadResumesAtItsOffsetAfterTheConnectionDropsMidBody) {
  WebHdfsTestServer server;
  ASSERT_TRUE(server.running());
  auto fs = server.Client();
  std::string data = Bytes(2 << 20);
  ASSERT_TRUE(Put(*fs, "/drop.bin", data).ok());
  server.AddFaults(
      {{{"where", "dn"}, {"op", "OPEN"}, {"kind", "drop"}, {"after", 300000}, {"count", 2}}});
  auto back = Get(*fs, "/drop.bin");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(*back == data);
  EXPECT_EQ(Fired(server, "dn OPEN drop"), 2);
}

TEST(WebHdfsFaultTest, ReadGivesUpWithATransientErrorWhenDropsPersist) {
  WebHdfsTestServer server;
  ASSERT_TRUE(server.running());
  WebHdfsOptions o;
  o.read_retries = 1;
  auto fs = server.Client(kTestUser, o);
  ASSERT_TRUE(Put(*fs, "/drop.bin", Bytes(500000)).ok());
  server.AddFaults(
      {{{"where", "dn"}, {"op", "OPEN"}, {"kind", "drop"}, {"after", 0}, {"count", 100}}});
  auto back = Get(*fs, "/drop.bin");
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), StatusCode::kTransient) << back.status().ToString();
  EXPECT_EQ(back.status().path(), "/drop.bin");
}

TEST(WebHdfsFaultTest, DataNodeAndNameNodeErrorsAreRetryable) {
  WebHdfsTestServer server;
  ASSERT_TRUE(server.running());
  auto fs = server.Client();
  std::string data = Bytes(100000);
  ASSERT_TRUE(Put(*fs, "/e.bin", data).ok());
  // A 503 from the DataNode once: the reader retries and succeeds.
  server.AddFaults(
      {{{"where", "dn"}, {"op", "OPEN"}, {"kind", "status"}, {"status", 503}, {"count", 1}}});
  auto back = Get(*fs, "/e.bin");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(*back == data);
  EXPECT_EQ(Fired(server, "dn OPEN status"), 1);
  // A 500 from the NameNode is reported as transient for the executor to retry.
  server.AddFaults({{{"where", "nn"},
                     {"op", "GETFILESTATUS"},
                     {"kind", "status"},
                     {"status", 500},
                     {"count", 1}}});
  EXPECT_EQ(fs->Stat("/e.bin").status().code(), StatusCode::kTransient);
  EXPECT_TRUE(fs->Stat("/e.bin").ok());
  // A 503 (RetriableException: not executed) is retried by the client itself.
  server.AddFaults({{{"where", "nn"},
                     {"op", "GETFILESTATUS"},
                     {"kind", "status"},
                     {"status", 503},
                     {"count", 2}}});
  EXPECT_TRUE(fs->Stat("/e.bin").ok());
  EXPECT_EQ(Fired(server, "nn GETFILESTATUS status"), 3);
  // A 503 at the DataNode step of CREATE fails the writer, transiently.
  server.AddFaults(
      {{{"where", "dn"}, {"op", "CREATE"}, {"kind", "status"}, {"status", 503}, {"count", 1}}});
  EXPECT_EQ(Put(*fs, "/e2.bin", data).code(), StatusCode::kTransient);
  EXPECT_TRUE(Put(*fs, "/e2.bin", data).ok());
}

TEST(WebHdfsFaultTest, AnUploadCutMidBodyFailsTheWriterTransiently) {
  WebHdfsTestServer server;
  ASSERT_TRUE(server.running());
  auto fs = server.Client();
  std::string data = Bytes(3 << 20);
  server.AddFaults(
      {{{"where", "dn"}, {"op", "CREATE"}, {"kind", "drop"}, {"after", 1 << 20}, {"count", 1}}});
  Status st = Put(*fs, "/cut.bin", data);
  EXPECT_EQ(st.code(), StatusCode::kTransient) << st.ToString();
  // Like HDFS after lease recovery, the server keeps the bytes that arrived under
  // the name written: why hmig writes to a temporary name and renames at the end.
  auto partial = fs->Stat("/cut.bin");
  ASSERT_TRUE(partial.ok());
  EXPECT_LT(partial->length, data.size());
  EXPECT_TRUE(Put(*fs, "/cut.bin", data).ok());
  EXPECT_EQ(fs->Stat("/cut.bin")->length, data.size());
}

TEST(WebHdfsFaultTest, ARefusingDataNodeFailsTheTransferTransiently) {
  WebHdfsTestServer server;
  ASSERT_TRUE(server.running());
  auto fs = server.Client();
  ASSERT_TRUE(Put(*fs, "/r.bin", "refused?").ok());
  server.AddFaults({{{"where", "nn"}, {"op", "CREATE"}, {"kind", "refuse"}, {"count", 1}}});
  EXPECT_EQ(Put(*fs, "/r2.bin", "data").code(), StatusCode::kTransient);
  WebHdfsOptions o;
  o.read_retries = 0;
  auto once = server.Client(kTestUser, o);
  server.AddFaults({{{"where", "nn"}, {"op", "OPEN"}, {"kind", "refuse"}, {"count", 1}}});
  EXPECT_EQ(Get(*once, "/r.bin").status().code(), StatusCode::kTransient);
  // With retries the next redirect goes to the live DataNode.
  server.AddFaults({{{"where", "nn"}, {"op", "OPEN"}, {"kind", "refuse"}, {"count", 1}}});
  EXPECT_EQ(*Get(*fs, "/r.bin"), "refused?");
}

TEST(WebHdfsFaultTest, SlowAnswersAreWaitedForAndStalledStreamsReopened) {
  WebHdfsTestServer server;
  ASSERT_TRUE(server.running());
  WebHdfsOptions o;
  o.transport.stall_timeout_s = 1;
  auto fs = server.Client(kTestUser, o);
  std::string data = Bytes(1 << 20);
  ASSERT_TRUE(Put(*fs, "/s.bin", data).ok());
  server.AddFaults(
      {{{"where", "nn"}, {"op", "GETFILESTATUS"}, {"kind", "slow"}, {"ms", 300}, {"count", 1}}});
  EXPECT_TRUE(fs->Stat("/s.bin").ok());
  server.AddFaults({{{"where", "dn"},
                     {"op", "OPEN"},
                     {"kind", "stall"},
                     {"after", 200000},
                     {"ms", 6000},
                     {"count", 1}}});
  auto start = std::chrono::steady_clock::now();
  auto back = Get(*fs, "/s.bin");
  auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(*back == data);
  EXPECT_LT(secs, 5.0) << "the stalled stream was not abandoned";
}

TEST(WebHdfsHaTest, CallsFailOverFromAStandbyOrDeadNameNodeAndRememberTheActive) {
  WebHdfsTestServer standby({"--standby"});
  WebHdfsTestServer active;
  ASSERT_TRUE(standby.running() && active.running());
  WebHdfsOptions o;
  o.namenodes = {"http://127.0.0.1:1", standby.base(), active.base()};  // port 1: refused
  o.user = kTestUser;
  o.namenode_retries = 0;
  fs::webhdfs::WebHdfsFileSystem fs(Uri{"webhdfs", "ns", "/"}, o);
  ASSERT_TRUE(Put(fs, "/ha.txt", "on the active").ok());
  EXPECT_EQ(fs.ActiveEndpoint(), active.base());
  EXPECT_EQ(*Get(fs, "/ha.txt"), "on the active");
  int standby_calls = standby.State()["requests"].value("nn GETFILESTATUS", 0);
  EXPECT_TRUE(fs.Stat("/ha.txt").ok());
  // Remembered: the standby is not asked again.
  EXPECT_EQ(standby.State()["requests"].value("nn GETFILESTATUS", 0), standby_calls);
  // The active goes standby: everything is standby, a transient error names them.
  active.SetMode("standby=true");
  auto st = fs.Stat("/ha.txt");
  EXPECT_EQ(st.status().code(), StatusCode::kTransient);
  EXPECT_NE(st.status().message().find("no active NameNode"), std::string::npos)
      << st.status().ToString();
  active.SetMode("standby=false");
  EXPECT_TRUE(fs.Stat("/ha.txt").ok());
}

TEST(WebHdfsTokenTest, DelegationTokensAuthenticateUntilCancelled) {
  WebHdfsTestServer server({"--auth", "token"});
  ASSERT_TRUE(server.running());
  auto plain = server.Client();
  EXPECT_EQ(plain->Stat("/").status().code(), StatusCode::kAuth);
  auto token = plain->GetDelegationToken("hmig");
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  ASSERT_FALSE(token->empty());
  WebHdfsOptions o;
  o.delegation_token = *token;
  auto with_token = server.Client("", o);
  EXPECT_TRUE(with_token->Stat("/").ok());
  ASSERT_TRUE(Put(*with_token, "/t.txt", "token data").ok());  // the DataNode step carries it too
  EXPECT_EQ(*Get(*with_token, "/t.txt"), "token data");
  EXPECT_EQ(with_token->Stat("/t.txt")->owner, "hmig");
  auto expiry = with_token->RenewDelegationToken(*token);
  ASSERT_TRUE(expiry.ok()) << expiry.status().ToString();
  EXPECT_GT(*expiry, 0);
  ASSERT_TRUE(with_token->CancelDelegationToken(*token).ok());
  auto after = with_token->Stat("/");
  EXPECT_EQ(after.status().code(), StatusCode::kAuth);
  EXPECT_NE(after.status().message().find("InvalidToken"), std::string::npos);
  // The token never shows in a message.
  EXPECT_EQ(after.status().ToString().find(*token), std::string::npos);
}

}  // namespace
}  // namespace hmig::testing
