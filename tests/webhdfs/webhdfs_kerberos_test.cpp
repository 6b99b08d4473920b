// SPNEGO against a real MIT Kerberos KDC (Debian's krb5-kdc, a throw-away realm
// made by server/test_kdc.py): a valid ticket works end to end, data included
// (the DataNode step carries the delegation token the NameNode adds); no ticket
// or an expired one is a clear authentication error; `hmig distcp` on hdfs:// uses
// Kerberos when the Hadoop configuration says so.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/run.h"
#include "test_server.h"

namespace hmig::testing {
namespace {

class KerberosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists("/usr/sbin/krb5kdc") ||
        !std::filesystem::exists("/usr/bin/kinit")) {
      GTEST_SKIP() << "krb5-kdc / krb5-user are not installed (scripts/install-deps.sh test)";
    }
    std::string script = std::string(HMIG_SOURCE_DIR) + "/tests/webhdfs/server/test_kdc.py";
    kdc_pid_ = fork();
    if (kdc_pid_ == 0) {
      execlp("python3", "python3", "-B", script.c_str(), "--dir", (dir_ / "kdc").c_str(), "--users",
             "alice", static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 300 && !std::filesystem::exists(dir_ / "kdc/env"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(std::filesystem::exists(dir_ / "kdc/env")) << "the test KDC did not start";
    setenv("KRB5_CONFIG", (dir_ / "kdc/krb5.conf").c_str(), 1);
    setenv("KRB5CCNAME", ("FILE:" + (dir_ / "cc")).c_str(), 1);
    setenv("KRB5_KTNAME", (dir_ / "kdc/http.keytab").c_str(), 1);  // for the server we start
    server_ = std::make_unique<WebHdfsTestServer>(
        std::vector<std::string>{"--auth", "kerberos", "--superuser", "alice"});
    ASSERT_TRUE(server_->running());
  }
  void TearDown() override {
    server_.reset();
    if (kdc_pid_ > 0) {
      kill(kdc_pid_, SIGTERM);
      waitpid(kdc_pid_, nullptr, 0);
    }
    unsetenv("KRB5_KTNAME");
    unsetenv("KRB5CCNAME");
    unsetenv("KRB5_CONFIG");
  }
  RunResult Kinit(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {"/usr/bin/kinit"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.insert(argv.end(), {"-kt", dir_ / "kdc/alice.keytab", "alice@HMIG.TEST"});
    return RunProgram(argv);
  }
  std::shared_ptr<fs::webhdfs::WebHdfsFileSystem> KerberosClient() {
    fs::webhdfs::WebHdfsOptions o;
    o.transport.spnego = true;
    o.namenode_retries = 0;
    return server_->Client("", o);
  }

  TempDir dir_;
  pid_t kdc_pid_ = -1;
  std::unique_ptr<WebHdfsTestServer> server_;
};

TEST_F(KerberosTest, AValidTicketAuthenticatesMetadataAndData) {
  auto k = Kinit();
  ASSERT_EQ(k.exit_code, 0) << k.err;
  auto fs = KerberosClient();
  auto home = fs->GetHomeDirectory();
  ASSERT_TRUE(home.ok()) << home.status().ToString();
  EXPECT_EQ(*home, "/user/alice");
  // Data goes to the DataNode, which only accepts the delegation token the
  // NameNode put into the redirect.
  ASSERT_TRUE(fs->Mkdirs("/k", std::nullopt).ok());
  auto w = fs->Create("/k/file.txt", {});
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE((*w)->Write("kerberos", 8).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto st = fs->Stat("/k/file.txt");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->owner, "alice");
  auto r = fs->OpenRead("/k/file.txt");
  ASSERT_TRUE(r.ok());
  char buf[16];
  auto n = (*r)->ReadAt(0, buf, sizeof buf);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(std::string(buf, *n), "kerberos");
  auto token = fs->GetDelegationToken("alice");
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_FALSE(token->empty());
  // Simple authentication is refused by a Kerberos cluster.
  EXPECT_EQ(server_->Client("alice")->Stat("/").status().code(), StatusCode::kAuth);
}

TEST_F(KerberosTest, NoTicketIsAClearAuthenticationError) {
  auto fs = KerberosClient();  // no kinit: the cache does not exist
  auto st = fs->Stat("/");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().code(), StatusCode::kAuth) << st.status().ToString();
  EXPECT_NE(st.status().message().find("kinit"), std::string::npos) << st.status().message();
}

TEST_F(KerberosTest, AnExpiredTicketIsAClearAuthenticationError) {
  auto k = Kinit({"-l", "2s"});
  ASSERT_EQ(k.exit_code, 0) << k.err;
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));
  auto fs = KerberosClient();
  auto st = fs->Stat("/");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().code(), StatusCode::kAuth) << st.status().ToString();
}

TEST_F(KerberosTest, AKerberizedHadoopConfigurationMakesDistCpUseTheTicket) {
  // As `hadoop distcp` on a secure cluster's gateway: hdfs://nameservice, the
  // client configuration says hadoop.security.authentication=kerberos, kinit done.
  auto k = Kinit();
  ASSERT_EQ(k.exit_code, 0) << k.err;
  auto property = [](const std::string& name, const std::string& value) {
    return "  <property><name>" + name + "</name><value>" + value + "</value></property>\n";
  };
  WriteFile(dir_ / "conf/core-site.xml",
            "<configuration>\n" + property("hadoop.security.authentication", "kerberos") +
                "</configuration>\n");
  WriteFile(dir_ / "conf/hdfs-site.xml",
            "<configuration>\n" + property("dfs.nameservices", "secure") +
                property("dfs.ha.namenodes.secure", "nn1") +
                property("dfs.namenode.http-address.secure.nn1",
                         "127.0.0.1:" + std::to_string(server_->nn_port())) +
                "</configuration>\n");
  WriteFile(dir_ / "src/part-0", "secure bytes");
  unsetenv("HMIG_WEBHDFS_AUTH");
  auto r = RunHmig({"distcp", "--hadoop-conf", dir_ / "conf", "--state", dir_ / "state",
                    dir_ / "src", "hdfs://secure/k/dst"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto st = KerberosClient()->Stat("/k/dst/part-0");
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->owner, "alice");  // the ticket's principal, not a user.name
  EXPECT_EQ(st->length, 12u);

  // HMIG_WEBHDFS_AUTH=simple overrides the configuration: the cluster refuses it.
  setenv("HMIG_WEBHDFS_AUTH", "simple", 1);
  r = RunHmig({"distcp", "--hadoop-conf", dir_ / "conf", "--state", dir_ / "state2", dir_ / "src",
               "hdfs://secure/k/dst2"});
  unsetenv("HMIG_WEBHDFS_AUTH");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("kinit"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hmig::testing
