// FindFirstOf (16 bytes per step) against the plain definition, at every start
// and end offset around the 16-byte steps, with the wanted bytes anywhere.
#include "hive/byte_scan.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

namespace hmig::hive {
namespace {

TEST(HiveByteScan, FindFirstOfAgreesWithTheByteByByteDefinitionAtEveryOffset) {
  std::mt19937 rng(20261125);
  const std::string alphabet = "abc'\"`;\\\x80\xff";
  for (int round = 0; round < 200; ++round) {
    std::string text(70, 'x');
    for (auto& c : text) {
      if (rng() % 8 == 0) c = alphabet[rng() % alphabet.size()];
    }
    for (size_t begin = 0; begin <= text.size(); ++begin) {
      for (size_t end = begin; end <= text.size(); end += 1 + rng() % 5) {
        const char* p = text.data() + begin;
        const char* e = text.data() + end;
        const size_t want2 = std::string_view(p, end - begin).find_first_of("'\\");
        const char* got2 = FindFirstOf(p, e, '\'', '\\');
        EXPECT_EQ(got2 == e ? std::string_view::npos : static_cast<size_t>(got2 - p), want2);
        const size_t want4 = std::string_view(p, end - begin).find_first_of("'\"`;");
        const char* got4 = FindFirstOf(p, e, '\'', '"', '`', ';');
        EXPECT_EQ(got4 == e ? std::string_view::npos : static_cast<size_t>(got4 - p), want4);
        const char* got1 = FindFirstOf(p, e, '\xff');
        const size_t want1 = std::string_view(p, end - begin).find('\xff');
        EXPECT_EQ(got1 == e ? std::string_view::npos : static_cast<size_t>(got1 - p), want1);
      }
    }
  }
}

}  // namespace
}  // namespace hmig::hive
