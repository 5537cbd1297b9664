// Tests for the strict UTF-8 helpers.
#include "relais/engine/utf8.h"

#include <catch2/catch_test_macros.hpp>
#include <string>

using namespace relais::engine;

TEST_CASE("DecodeUtf8 decodes 1 to 4 byte sequences", "[utf8]") {
  const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // a é € 😀
  Utf8Char c = DecodeUtf8(s, 0);
  CHECK((c.valid && c.code_point == U'a' && c.length == 1));
  c = DecodeUtf8(s, 1);
  CHECK((c.valid && c.code_point == 0xE9 && c.length == 2));
  c = DecodeUtf8(s, 3);
  CHECK((c.valid && c.code_point == 0x20AC && c.length == 3));
  c = DecodeUtf8(s, 6);
  CHECK((c.valid && c.code_point == 0x1F600 && c.length == 4));
}

TEST_CASE("DecodeUtf8 rejects malformed sequences one byte at a time", "[utf8]") {
  for (const std::string bad :
       {"\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xED\xA0\x80", "\xF0\x80\x80\x80",
        "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xC3", "\xE2\x82", "\xC3("}) {
    const Utf8Char c = DecodeUtf8(bad, 0);
    CHECK_FALSE(c.valid);
    CHECK(c.length == 1);
    CHECK_FALSE(IsValidUtf8(bad));
  }
  CHECK_FALSE(DecodeUtf8("", 0).valid);  // out of range: no read
}

TEST_CASE("AppendUtf8 round-trips and replaces invalid code points", "[utf8]") {
  for (char32_t cp : {U'a', char32_t{0x7F}, char32_t{0x80}, char32_t{0x7FF}, char32_t{0x800},
                      char32_t{0xFFFF}, char32_t{0x10000}, char32_t{0x10FFFF}}) {
    std::string s;
    AppendUtf8(cp, &s);
    const Utf8Char c = DecodeUtf8(s, 0);
    CHECK(c.valid);
    CHECK(c.code_point == cp);
    CHECK(c.length == s.size());
  }
  std::string s;
  AppendUtf8(0xD800, &s);
  CHECK(s == "\xEF\xBF\xBD");
  s.clear();
  AppendUtf8(0x110000, &s);
  CHECK(s == "\xEF\xBF\xBD");
}

TEST_CASE("CountCodePoints and TruncateUtf8 respect character boundaries", "[utf8]") {
  CHECK(CountCodePoints("été") == 3);
  CHECK(CountCodePoints("a\xFF") == 2);
  CHECK(TruncateUtf8("été", 1) == "");
  CHECK(TruncateUtf8("été", 2) == "é");
  CHECK(TruncateUtf8("été", 3) == "ét");
  CHECK(TruncateUtf8("été", 4) == "ét");
  CHECK(TruncateUtf8("été", 5) == "été");
  CHECK(TruncateUtf8("abc", 10) == "abc");
  CHECK(IsValidUtf8(""));
  CHECK(IsValidUtf8("Montréal, Québec 😀"));
}
