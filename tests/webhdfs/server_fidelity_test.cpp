// The test server answers like the Hadoop 3.3.6 and 2.10.1 recordings: the same
// status, the same JSON shape (every key, in order), and for errors and checksums
// the very same body. Requests are replayed against a server set up like the
// recording rig (superuser root, the /fx tree).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "fs/webhdfs/webhdfs_http.h"
#include "test_server.h"

namespace hmig::testing {
namespace {

using fs::webhdfs::HttpResponse;

const std::string kDir = std::string(HMIG_SHARED_DIR) + "/fixtures/webhdfs/";

HttpResponse Recorded(const std::string& version, const std::string& prefix) {
  HttpResponse r;
  for (const auto& e : std::filesystem::directory_iterator(kDir + version)) {
    std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || name.substr(name.size() - 5) != ".http") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    size_t at = text.rfind("\nHTTP/1.1 ");
    r.status = std::stol(text.substr(at + 10, 3));
    size_t loc = text.find("\nLocation: ", at);
    if (loc != std::string::npos)
      r.location = text.substr(loc + 11, text.find('\r', loc) - loc - 11);
    r.body = text.substr(text.find("\r\n\r\n", at) + 4);
    return r;
  }
  ADD_FAILURE() << "no recording " << prefix;
  return r;
}

// The JSON's shape: keys in order and value types, values left out.
std::string Shape(const nlohmann::json& j) {
  if (j.is_object()) {
    std::string s = "{";
    for (auto it = j.begin(); it != j.end(); ++it) s += it.key() + ":" + Shape(it.value()) + ",";
    return s + "}";
  }
  if (j.is_array()) return j.empty() ? "[]" : "[" + Shape(j.front()) + "]";
  return j.type_name();
}

std::string Shape(const std::string& body) {
  return Shape(nlohmann::json::parse(body, nullptr, false));
}

// Drops "scheme://host:port" so Locations from different ports compare.
std::string WithoutAuthority(const std::string& url) {
  auto p = url.find("/webhdfs/");
  std::string out = p == std::string::npos ? url : url.substr(p);
  auto rpc = out.find("namenoderpcaddress=");
  if (rpc != std::string::npos) out.replace(rpc, out.find('&', rpc) - rpc, "namenoderpcaddress=X");
  return out;
}

class FidelityTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.running());
    // The recording rig's tree, made through the server's own API.
    auto fs = server_.Client("root");
    fs::CreateOptions o;
    o.create_parents = true;
    auto put = [&](const std::string& path, const std::string& data) {
      auto w = fs->Create(path, o);
      ASSERT_TRUE(w.ok()) << path;
      ASSERT_TRUE((*w)->Write(data.data(), data.size()).ok());
      ASSERT_TRUE((*w)->Close().ok());
    };
    put("/fx/dir/a.txt", "hello world\n");
    put("/fx/w/new.txt", std::string(26, 'n'));
    put("/fx/ops/full/x", "x");
    std::string f513(513, '\0');
    for (size_t i = 0; i < f513.size(); ++i) f513[i] = static_cast<char>(i % 251);
    put("/fx/ck/f513.bin", f513);
    ASSERT_TRUE(fs->Mkdirs("/fx/rootonly", std::nullopt).ok());
  }
  HttpResponse Send(const std::string& method, const std::string& path_and_query) {
    HttpResponse r;
    fs::webhdfs::TransportFailure failure;
    EXPECT_TRUE(
        transport_.Perform(method, server_.base() + path_and_query, nullptr, &r, &failure).ok());
    return r;
  }
  HttpResponse Follow(const HttpResponse& step1) {
    HttpResponse r;
    fs::webhdfs::TransportFailure failure;
    EXPECT_TRUE(transport_.Perform("GET", step1.location, nullptr, &r, &failure).ok());
    return r;
  }
  bool v3() const { return GetParam() == "3.3.6"; }

  WebHdfsTestServer server_{
      {"--superuser", "root", "--hadoop-version", GetParam() == "3.3.6" ? "3" : "2"}};
  fs::webhdfs::Transport transport_{{}};
};

TEST_P(FidelityTest, ErrorBodiesAreHadoopsOwn) {
  struct Case {
    const char* recording;
    const char* method;
    const char* request;
  } cases[] = {
      {"0103-", "GET", "/webhdfs/v1/fx/nope?op=GETFILESTATUS&user.name=root"},
      {"0204-", "GET", "/webhdfs/v1/fx/nope?op=LISTSTATUS&user.name=root"},
      {"0408-", "GET", "/webhdfs/v1/fx/w/new.txt?op=OPEN&offset=1000&user.name=root"},
      {"0410-", "GET", "/webhdfs/v1/fx/w/new.txt?op=OPEN&offset=26&user.name=root"},
      {"0416-", "POST", "/webhdfs/v1/fx/w/missing.txt?op=APPEND&user.name=root"},
      {"0509-", "DELETE", "/webhdfs/v1/fx/ops/full?op=DELETE&recursive=false&user.name=root"},
      {"0519-", "PUT",
       "/webhdfs/v1/fx/ops/nope.txt?op=SETPERMISSION&permission=640&user.name=root"},
      {"0901-", "PUT", "/webhdfs/v1/fx/rootonly/sub?op=MKDIRS&user.name=alice"},
      {"0905-", "PUT", "/webhdfs/v1/fx/dir/a.txt?op=SETOWNER&owner=alice&user.name=alice"},
      {"0906-", "GET", "/webhdfs/v1/fx/dir?op=FOO&user.name=root"},
      {"0907-", "PUT", "/webhdfs/v1/fx/dir/a.txt?op=SETPERMISSION&permission=999&user.name=root"},
      {"0908-", "PUT", "/webhdfs/v1/fx/dir/a.txt?op=CREATE&overwrite=maybe&user.name=root"},
      {"0909-", "GET", "/webhdfs/v1/fx/dir?op=MKDIRS&user.name=root"},
      {"0910-", "GET", "/webhdfs/v1/fx/dir?user.name=root"},
      {"0911-", "GET", "/webhdfs/v1/fx/dir/a.txt?op=OPEN&offset=-1&user.name=root"},
      {"0912-", "PUT", "/webhdfs/v1/fx/dir/a.txt?op=SETREPLICATION&replication=abc&user.name=root"},
      {"1213-", "GET", "/webhdfs/v1/fx/enc/../dir?op=GETFILESTATUS&user.name=root"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.recording) + " " + c.request);
    auto want = Recorded(GetParam(), c.recording);
    auto got = Send(c.method, c.request);
    EXPECT_EQ(got.status, want.status);
    EXPECT_EQ(got.body, want.body);
  }
}

TEST_P(FidelityTest, SuccessfulAnswersHaveHadoopsShape) {
  struct Case {
    const char* recording;
    const char* request;
  } cases[] = {
      {"0101-", "/webhdfs/v1/fx/dir/a.txt?op=GETFILESTATUS&user.name=root"},
      {"0208-", "/webhdfs/v1/fx/dir?op=LISTSTATUS_BATCH&user.name=root"},
      {"0802-", "/webhdfs/v1/fx/dir/a.txt?op=GETCONTENTSUMMARY&user.name=root"},
      {"0803-", "/webhdfs/v1/?op=GETHOMEDIRECTORY&user.name=root"},
      {"0806-", "/webhdfs/v1/?op=GETDELEGATIONTOKEN&renewer=root&user.name=root"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.recording);
    auto want = Recorded(GetParam(), c.recording);
    auto got = Send("GET", c.request);
    EXPECT_EQ(got.status, want.status);
    EXPECT_EQ(Shape(got.body), Shape(want.body)) << got.body << "\nvs\n" << want.body;
  }
  // The file itself as recorded: same length and the version's CREATE permission.
  auto st = nlohmann::json::parse(Send("GET", cases[0].request).body)["FileStatus"];
  auto rec = nlohmann::json::parse(Recorded(GetParam(), "0101-").body)["FileStatus"];
  EXPECT_EQ(st["length"], rec["length"]);
  EXPECT_EQ(st["permission"], rec["permission"]);
  EXPECT_EQ(Send("GET", "/webhdfs/v1/fx/dir/a.txt?op=GETCONTENTSUMMARY&user.name=root").body,
            Recorded(GetParam(), "0802-").body);
}

TEST_P(FidelityTest, RedirectsPointToTheDataNodeLikeHadoops) {
  struct Case {
    const char* recording;
    const char* method;
    const char* request;
  } cases[] = {
      {"0301-", "PUT", "/webhdfs/v1/fx/w/new.txt?op=CREATE&user.name=root"},
      {"0401-", "POST", "/webhdfs/v1/fx/w/new.txt?op=APPEND&user.name=root"},
      {"0403-", "GET", "/webhdfs/v1/fx/w/new.txt?op=OPEN&offset=6&length=10&user.name=root"},
      {"0405-", "GET", "/webhdfs/v1/fx/w/new.txt?op=OPEN&user.name=root"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.recording);
    auto want = Recorded(GetParam(), c.recording);
    auto got = Send(c.method, c.request);
    EXPECT_EQ(got.status, 307);
    EXPECT_EQ(WithoutAuthority(got.location), WithoutAuthority(want.location));
    EXPECT_NE(got.location.find(":" + std::to_string(server_.dn_port()) + "/"), std::string::npos);
  }
  // The DataNode's checksum answer for the recorded 513-byte file, byte for byte.
  auto step1 = Send("GET", "/webhdfs/v1/fx/ck/f513.bin?op=GETFILECHECKSUM&user.name=root");
  ASSERT_EQ(step1.status, 307);
  auto dn = Follow(step1);
  EXPECT_EQ(dn.body, Recorded(GetParam(), "0606-").body);
  EXPECT_EQ(dn.content_type, "application/json; charset=utf-8");
  // noredirect: the same Location in a JSON body.
  auto nr = Send("PUT", "/webhdfs/v1/fx/w/nr.txt?op=CREATE&noredirect=true&user.name=root");
  EXPECT_EQ(nr.status, 200);
  EXPECT_EQ(Shape(nr.body), Shape(Recorded(GetParam(), "0306-").body));
}

TEST_P(FidelityTest, SnapshotDiffMatchesHadoopsReportRenamesIncluded) {
  if (!v3()) GTEST_SKIP() << "GETSNAPSHOTDIFF does not exist in 2.10.1 (ErrorBodiesAreHadoopsOwn)";
  // The recording rig's scenario: s1 holds keep/del/mod; then keep.txt is
  // renamed, del.txt deleted, mod.txt appended to, new.txt and newdir made; s2.
  auto fs = server_.Client("root");
  fs::CreateOptions parents;
  parents.create_parents = true;
  for (std::string name : {"keep.txt", "del.txt", "mod.txt"}) {
    auto w = fs->Create("/fx/snap/" + name, parents);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Write(name.data(), name.size()).ok());
    ASSERT_TRUE((*w)->Close().ok());
  }
  ASSERT_TRUE(fs->NameNode("PUT", "/fx/snap", "ALLOWSNAPSHOT", "").ok());
  ASSERT_TRUE(fs->CreateSnapshot("/fx/snap", "s1").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // mtimes are in ms
  ASSERT_TRUE(fs->Rename("/fx/snap/keep.txt", "/fx/snap/kept.txt", false).ok());
  ASSERT_TRUE(fs->Delete("/fx/snap/del.txt", false).ok());
  auto a = fs->Append("/fx/snap/mod.txt");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE((*a)->Write("+", 1).ok());
  ASSERT_TRUE((*a)->Close().ok());
  auto w = fs->Create("/fx/snap/new.txt", {});
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Close().ok());
  ASSERT_TRUE(fs->Mkdirs("/fx/snap/newdir", std::nullopt).ok());
  ASSERT_TRUE(fs->CreateSnapshot("/fx/snap", "s2").ok());

  for (const char* rec : {"0811-", "0812-"}) {
    SCOPED_TRACE(rec);
    auto want = nlohmann::json::parse(Recorded(GetParam(), rec).body);
    std::string to = want["SnapshotDiffReport"]["toSnapshot"];
    auto got =
        Send("GET", "/webhdfs/v1/fx/snap?op=GETSNAPSHOTDIFF&oldsnapshotname=s1&snapshotname=" + to +
                        "&user.name=root");
    EXPECT_EQ(got.status, 200);
    EXPECT_EQ(nlohmann::json::parse(got.body, nullptr, false), want);
  }
  // And the client reads the RENAME's target.
  auto diff = fs->GetSnapshotDiff("/fx/snap", "s1", "s2");
  ASSERT_TRUE(diff.ok()) << diff.status().ToString();
  bool renamed = false;
  for (const auto& d : *diff) {
    renamed |= d.type == "RENAME" && d.source_path == "keep.txt" && d.target_path == "kept.txt";
  }
  EXPECT_TRUE(renamed);
}

INSTANTIATE_TEST_SUITE_P(BothVersions, FidelityTest, ::testing::Values("3.3.6", "2.10.1"),
                         [](const auto& info) {
                           return info.param == "3.3.6" ? "Hadoop3" : "Hadoop2";
                         });

}  // namespace
}  // namespace hmig::testing
