// Delegation tokens read from Hadoop credentials files in both serialisations,
// encoded as Hadoop's Token.encodeToUrlString would (expected strings computed
// independently with Python's base64 over the Writable bytes).
#include "fs/webhdfs/hadoop_token_file.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace hmig::fs::webhdfs {
namespace {

std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

const char* kExpected =
    "JwECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJxVzZWNyZXQtcGFzc3dvcmQtYnl0ZXMVSERGU19ERU"
    "xFR0FUSU9OX1RPS0VO"
    "DWhhLWhkZnM6b2xkbnM";

TEST(HadoopTokenFileTest, WritableFilePicksTheHdfsTokenAmongOthers) {
  testing::TempDir t;
  testing::WriteFile(
      t / "tokens",
      Unhex(
          "48445453000206616c6961733101780179066b6d732d6474086b6d733a393630300d68612d686466733a6f6c"
          "646e73270102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627"
          "157365637265742d70617373776f72642d627974657315484446535f44454c45474154494f4e5f544f4b45"
          "4e0d68612d686466733a6f6c646e7300"));
  auto all = ReadHadoopTokenFile(t / "tokens");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].kind, "kms-dt");
  auto tok = HdfsTokenFromFile(t / "tokens", "oldns");
  ASSERT_TRUE(tok.ok()) << tok.status().ToString();
  EXPECT_EQ(*tok, kExpected);
}

TEST(HadoopTokenFileTest, ProtobufFileGivesTheSameToken) {
  testing::TempDir t;
  testing::WriteFile(
      t / "tokens",
      Unhex(
          "4844545301790a770a0d68612d686466733a6f6c646e7312660a270102030405060708090a0b0c0d0e0f1011"
          "12131415161718191a1b1c1d1e1f202122232425262712157365637265742d70617373776f72642d62797465"
          "731a15484446535f44454c45474154494f4e5f544f4b454e220d68612d686466733a6f6c646e73"));
  auto tok = HdfsTokenFromFile(t / "tokens", "elsewhere");  // the only HDFS token
  ASSERT_TRUE(tok.ok()) << tok.status().ToString();
  EXPECT_EQ(*tok, kExpected);
}

TEST(HadoopTokenFileTest, LongIdentifiersUseMultiByteLengths) {
  testing::TempDir t;
  std::string id;
  for (int i = 0; i < 300; ++i) id.push_back(static_cast<char>(i % 256));
  std::string file = std::string(
                         "HDTS\0\x01\x01"
                         "a\x8e\x01\x2c",
                         11) +
                     id + "\x02pw" + "\x12WEBHDFS delegation" +
                     "\x0e"
                     "127.0.0.1:9870" +
                     std::string(1, '\0');
  testing::WriteFile(t / "tokens", file);
  auto tok = HdfsTokenFromFile(t / "tokens", "127.0.0.1:9870");
  ASSERT_TRUE(tok.ok()) << tok.status().ToString();
  EXPECT_EQ(tok->size(), 454u);
  EXPECT_EQ(tok->substr(0, 40), "jgEsAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBka");
  EXPECT_EQ(tok->substr(tok->size() - 14), "MC4wLjE6OTg3MA");
}

TEST(HadoopTokenFileTest, OtherFilesAreRejectedClearly) {
  testing::TempDir t;
  testing::WriteFile(t / "not", "hello world");
  EXPECT_EQ(ReadHadoopTokenFile(t / "not").status().code(), StatusCode::kCorrupt);
  testing::WriteFile(t / "cut", std::string("HDTS\0\x05\x01", 7));
  EXPECT_EQ(ReadHadoopTokenFile(t / "cut").status().code(), StatusCode::kCorrupt);
  EXPECT_FALSE(ReadHadoopTokenFile(t / "missing").ok());
  testing::WriteFile(t / "none", std::string("HDTS\0\0\0", 7));
  EXPECT_EQ(HdfsTokenFromFile(t / "none", "x").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace hmig::fs::webhdfs
