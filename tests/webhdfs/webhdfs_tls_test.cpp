// swebhdfs://: TLS verified against the CA the user gives, refused without it,
// and accepted unverified only when --insecure is asked for.
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

}  // namespace
}  // namespace hmig::testing
