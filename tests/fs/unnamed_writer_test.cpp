#include <gtest/gtest.h>

#include <filesystem>

#include "checksum/crc.h"
#include "fs/filesystem.h"
#include "support/temp_dir.h"

namespace hmig::fs {
using hmig::testing::ReadFile;
using hmig::testing::TempDir;
using hmig::testing::WriteFile;

TEST(UnnamedWriterTest, InvisibleUntilPublishedThenNamedWithTheVerifiedBytes) {
  TempDir dir;
  auto fs = Resolve(dir.path()).value().fs;
  ASSERT_TRUE(fs->capabilities().unnamed_create);
  auto w = fs->CreateUnnamed(dir.path());
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  const std::string data = "bytes of a new file";
  ASSERT_TRUE((*w)->Write(data.data(), data.size()).ok());
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));  // no name, no temp name
  auto status = (*w)->WrittenStatus();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->length, data.size());
  EXPECT_EQ((*w)->WrittenCrc32c().value(), checksum::Crc32c(data.data(), data.size()));
  ASSERT_TRUE((*w)->Publish(dir / "f").ok());
  EXPECT_EQ(ReadFile(dir / "f"), data);
}

TEST(UnnamedWriterTest, PublishNeverReplacesAnExistingNameAndAnAbandonedFileVanishes) {
  TempDir dir;
  auto fs = Resolve(dir.path()).value().fs;
  WriteFile(dir / "taken", "someone else's");
  {
    auto w = fs->CreateUnnamed(dir.path());
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Write("mine", 4).ok());
    Status s = (*w)->Publish(dir / "taken");
    EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s.ToString();
  }  // the writer goes without a name: its file is freed
  EXPECT_EQ(ReadFile(dir / "taken"), "someone else's");
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1u);
  EXPECT_EQ(fs->CreateUnnamed(dir / "missing").status().code(), StatusCode::kNotFound);
}

}  // namespace hmig::fs
