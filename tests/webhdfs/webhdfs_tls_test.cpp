// swebhdfs://: TLS verified against the CA the user gives, refused without it,
// and accepted unverified only when --insecure is asked for (loudly, in distcp).
#include <gtest/gtest.h>

#include "support/run.h"
#include "test_server.h"

namespace hmig::testing {
namespace {

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r =
        RunProgram({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                    "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", dir_ / "key.pem", "-out", dir_ / "cert.pem"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    server_ = std::make_unique<WebHdfsTestServer>(
        std::vector<std::string>{"--tls-cert", dir_ / "cert.pem", "--tls-key", dir_ / "key.pem"});
    ASSERT_TRUE(server_->running());
  }
  std::shared_ptr<fs::webhdfs::WebHdfsFileSystem> Client(fs::webhdfs::TransportOptions t) {
    fs::webhdfs::WebHdfsOptions o;
    o.namenodes = {"https://127.0.0.1:" + std::to_string(server_->nn_port())};
    o.user = kTestUser;
    o.namenode_retries = 0;
    o.transport = t;
    return std::make_shared<fs::webhdfs::WebHdfsFileSystem>(
        Uri{"swebhdfs", server_->authority(), "/"}, o);
  }
  TempDir dir_;
  std::unique_ptr<WebHdfsTestServer> server_;
};

TEST_F(TlsTest, TheGivenCaVerifiesTheServerAndDataFlowsOverHttps) {
  fs::webhdfs::TransportOptions t;
  t.ca_cert = dir_ / "cert.pem";
  auto fs = Client(t);
  fs::CreateOptions c;
  auto w = fs->Create("/secure.txt", c);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE((*w)->Write("over tls", 8).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto r = fs->OpenRead("/secure.txt");
  ASSERT_TRUE(r.ok());
  char buf[16];
  auto n = (*r)->ReadAt(0, buf, sizeof buf);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(std::string(buf, *n), "over tls");
}

TEST_F(TlsTest, AnUnknownCertificateIsRefusedUnlessInsecureIsAskedFor) {
  auto strict = Client({});
  auto st = strict->Stat("/");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().code(), StatusCode::kAuth) << st.status().ToString();
  EXPECT_NE(st.status().message().find("--ca-cert"), std::string::npos) << st.status().message();
  fs::webhdfs::TransportOptions t;
  t.insecure = true;
  EXPECT_TRUE(Client(t)->Stat("/").ok());
}

TEST_F(TlsTest, DistCpTakesCaCertAndWarnsLoudlyOnInsecure) {
  WriteFile(dir_ / "src/f.txt", "tls through the binary");
  setenv("HADOOP_USER_NAME", kTestUser, 1);
  std::string target = "swebhdfs://" + server_->authority() + "/d";
  // Verification is on by default: an unknown CA is a fatal error naming the fix.
  auto r = RunHmig({"distcp", "--state", dir_ / "s1", dir_ / "src", target});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--ca-cert"), std::string::npos) << r.err;
  r = RunHmig(
      {"distcp", "--ca-cert", dir_ / "cert.pem", "--state", dir_ / "s2", dir_ / "src", target});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(server_->data_dir() + "/d/f.txt"), "tls through the binary");
  EXPECT_EQ(r.err.find("WARNING"), std::string::npos) << r.err;
  r = RunHmig({"distcp", "--insecure", "--state", dir_ / "s3", dir_ / "src",
               "swebhdfs://" + server_->authority() + "/e"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("WARNING: --insecure"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hmig::testing
