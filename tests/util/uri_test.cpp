#include "util/uri.h"

#include <gtest/gtest.h>

namespace hmig {

TEST(UriTest, PlainAbsolutePathIsLocal) {
  auto u = ParseUri("/user/hive/warehouse/");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "file");
  EXPECT_EQ(u->path, "/user/hive/warehouse");
}

TEST(UriTest, FileUriFormsAgree) {
  EXPECT_EQ(ParseUri("file:///a/b")->path, "/a/b");
  EXPECT_EQ(ParseUri("file:/a/b")->path, "/a/b");
  EXPECT_EQ(ParseUri("file://localhost/a/b")->path, "/a/b");
  EXPECT_FALSE(ParseUri("file://otherhost/a").ok());
}

TEST(UriTest, RemoteUriKeepsAuthorityAndPort) {
  auto u = ParseUri("hdfs://oldclusterip:8020/user/hive/warehouse");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "hdfs");
  EXPECT_EQ(u->authority, "oldclusterip:8020");
  EXPECT_EQ(u->host(), "oldclusterip");
  EXPECT_EQ(u->port(), 8020);
  EXPECT_EQ(u->path, "/user/hive/warehouse");
  EXPECT_EQ(ParseUri("hdfs://ns1")->path, "/");
  EXPECT_EQ(ParseUri("webhdfs://[::1]:9870/x")->host(), "::1");
}

TEST(UriTest, SpecialCharactersArePathCharacters) {
  auto u = ParseUri("/data/dt=2024-01-01/a b%20c?#*.orc");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->path, "/data/dt=2024-01-01/a b%20c?#*.orc");
  EXPECT_EQ(ParseUri("/x/a:b")->path, "/x/a:b");
}

TEST(UriTest, RemoteWithoutHostIsRejected) {
  EXPECT_FALSE(ParseUri("webhdfs:///x").ok());
  EXPECT_FALSE(ParseUri("").ok());
}

TEST(UriTest, NormalizeFoldsDotsAndSlashes) {
  EXPECT_EQ(NormalizePath("/a//b/./c/../d/"), "/a/b/d");
  EXPECT_EQ(NormalizePath("/../.."), "/");
}

TEST(UriTest, IsSameOrBelowIsComponentWise) {
  EXPECT_TRUE(IsSameOrBelow("/a/b", "/a/b"));
  EXPECT_TRUE(IsSameOrBelow("/a/b/c", "/a/b"));
  EXPECT_FALSE(IsSameOrBelow("/a/bc", "/a/b"));
  EXPECT_TRUE(IsSameOrBelow("/a", "/"));
}

TEST(UriTest, PathHelpers) {
  EXPECT_EQ(BaseName("/a/b"), "b");
  EXPECT_EQ(ParentPath("/a/b"), "/a");
  EXPECT_EQ(ParentPath("/a"), "/");
  EXPECT_EQ(JoinPath("/a", "b/c"), "/a/b/c");
  EXPECT_EQ(JoinPath("/", "b"), "/b");
}

}  // namespace hmig
