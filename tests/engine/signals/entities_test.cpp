#include "relais/engine/entities.h"

#include <catch2/catch_test_macros.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "engine/random_text.h"

namespace relais::engine {
namespace {

const EntityExtractor& Extractor() {
  static const EntityExtractor extractor;
  return extractor;
}

struct Expected {
  std::string type;
  std::string value;
  std::string text;  // the matched substring of the input
};

std::vector<Expected> Find(const std::string& text) {
  std::vector<Expected> found;
  for (const Entity& e : Extractor().Extract(text)) {
    REQUIRE(e.begin < e.end);
    REQUIRE(e.end <= text.size());
    found.push_back({e.type, e.value, text.substr(e.begin, e.end - e.begin)});
  }
  return found;
}

// Exactly one entity, of the given type and value, covering `span` in `text`.
void ExpectOne(const std::string& text, const std::string& type, const std::string& value,
               const std::string& span) {
  INFO("input: " << text);
  const std::vector<Expected> found = Find(text);
  REQUIRE(found.size() == 1);
  CHECK(found[0].type == type);
  CHECK(found[0].value == value);
  CHECK(found[0].text == span);
}

void ExpectNone(const std::string& text) {
  INFO("input: " << text);
  const std::vector<Expected> found = Find(text);
  for (const Expected& e : found) UNSCOPED_INFO(e.type << " " << e.value << " '" << e.text << "'");
  CHECK(found.empty());
}

using testing::RandomText;

TEST_CASE("e-mail addresses are found and lowercased") {
  ExpectOne("mon courriel est Jean.Tremblay@Example.CA merci", "email", "jean.tremblay@example.ca",
            "Jean.Tremblay@Example.CA");
  ExpectOne("write to a.b+tag@sub.gc.ca.", "email", "a.b+tag@sub.gc.ca", "a.b+tag@sub.gc.ca");
  ExpectNone("contact @ home");
  ExpectNone("foo@bar");  // no top-level domain
}

TEST_CASE("North American phone numbers in their usual spellings") {
  ExpectOne("call 613-555-0199 please", "phone", "6135550199", "613-555-0199");
  ExpectOne("mon numéro: (613) 555 0199", "phone", "6135550199", "(613) 555 0199");
  ExpectOne("1 800 555 0199", "phone", "18005550199", "1 800 555 0199");
  ExpectOne("+1-613-555-0199", "phone", "16135550199", "+1-613-555-0199");
  ExpectOne("+1 (819) 555-0123 ext", "phone", "18195550123", "+1 (819) 555-0123");
  ExpectOne("613.555.0199", "phone", "6135550199", "613.555.0199");
  ExpectOne("tel 6135550199", "phone", "6135550199", "6135550199");
}

TEST_CASE("French phone numbers") {
  ExpectOne("appelez le 06 12 34 56 78", "phone", "0612345678", "06 12 34 56 78");
  ExpectOne("0612345678", "phone", "0612345678", "0612345678");
  ExpectOne("+33 6 12 34 56 78", "phone", "33612345678", "+33 6 12 34 56 78");
  ExpectOne("01.23.45.67.89", "phone", "0123456789", "01.23.45.67.89");
}

TEST_CASE("Canadian postal codes, any case, with or without the space") {
  ExpectOne("J'habite au K1A 0B1", "postal_code", "K1A 0B1", "K1A 0B1");
  ExpectOne("h2x1y4", "postal_code", "H2X 1Y4", "h2x1y4");
  ExpectOne("code postal: M5V-3L9.", "postal_code", "M5V 3L9", "M5V-3L9");
  ExpectNone("D1A 0B1");  // D is never a first letter
  ExpectNone("K1O 0B1");  // O is never used
}

TEST_CASE("ISO and numeric dates") {
  ExpectOne("rendez-vous le 2026-03-04", "date", "2026-03-04", "2026-03-04");
  ExpectOne("born 1984/7/9", "date", "1984-07-09", "1984/7/9");
  ExpectOne("le 25/12/2025", "date", "2025-12-25", "25/12/2025");  // day first
  ExpectOne("on 12/25/2025", "date", "2025-12-25", "12/25/2025");  // month first
  ExpectOne("04/03/2026", "date", "04/03/2026", "04/03/2026");     // ambiguous: as written
  ExpectOne("05.05.2026", "date", "2026-05-05", "05.05.2026");     // same either way
  ExpectNone("2026-02-30");                                        // impossible
  ExpectNone("2025-02-29");                                        // not a leap year
  ExpectOne("2024-02-29", "date", "2024-02-29", "2024-02-29");
  ExpectNone("04/03-2026");  // mixed separators
}

TEST_CASE("dates with month names, English and French") {
  ExpectOne("my appointment is March 4", "date", "--03-04", "March 4");
  ExpectOne("Mar. 4th, 2026", "date", "2026-03-04", "Mar. 4th, 2026");
  ExpectOne("the 4th of July 2026", "date", "2026-07-04", "4th of July 2026");
  ExpectOne("due 15 april", "date", "--04-15", "15 april");
  ExpectOne("le 4 mars 2026", "date", "2026-03-04", "4 mars 2026");
  ExpectOne("le 4 mars", "date", "--03-04", "4 mars");
  ExpectOne("depuis le 1er mai", "date", "--05-01", "1er mai");
  ExpectOne("avant le 12 Février 2026", "date", "2026-02-12", "12 Février 2026");
  ExpectOne("le 3 aout", "date", "--08-03", "3 aout");
  ExpectOne("le 8 août 2026", "date", "2026-08-08", "8 août 2026");
  ExpectOne("LE 14 FÉVRIER", "date", "--02-14", "14 FÉVRIER");
  ExpectOne("15 déc.", "date", "--12-15", "15 déc.");
  ExpectNone("le 31 avril");  // April has 30 days
  ExpectNone("en mars 2026");
  ExpectNone("March 2026");
}

TEST_CASE("amounts of money") {
  ExpectOne("it costs $25", "money", "25", "$25");
  ExpectOne("frais de 25,50 $", "money", "25.50", "25,50 $");
  ExpectOne("$1,000.50 refund", "money", "1000.50", "$1,000.50");
  ExpectOne("1 000 $ d'amende", "money", "1000", "1 000 $");
  ExpectOne("about 40 dollars", "money", "40", "40 dollars");
  ExpectOne("30 €", "money", "30", "30 €");
  ExpectOne("12,5 euros", "money", "12.50", "12,5 euros");
  ExpectOne("15 CAD", "money", "15", "15 CAD");
}

TEST_CASE("file and application numbers") {
  ExpectOne("my file number is A123456789", "file_number", "A123456789", "A123456789");
  ExpectOne("dossier abc-12345", "file_number", "ABC12345", "abc-12345");
  ExpectOne("demande QC1234567 refusée", "file_number", "QC1234567", "QC1234567");
  ExpectOne("reference 12345678", "file_number", "12345678", "12345678");
  ExpectOne("numéro 1234567890", "file_number", "1234567890", "1234567890");  // not NANP
}

TEST_CASE("plain numbers are not entities") {
  ExpectNone("j'ai 3 enfants");
  ExpectNone("I have 2 kids and 1 dog");
  ExpectNone("taxes 2025");
  ExpectNone("en 2026 est-ce que");
  ExpectNone("T4 slip");
  ExpectNone("covid-19 vaccine");
  ExpectNone("formulaire IMM 5257");
  ExpectNone("1234 rue Principale");
  ExpectNone("at 10:30 am");
  ExpectNone("page 3/4");
  ExpectNone("version 1.2.3");
  ExpectNone("123456");  // six digits: too short for a reference
}

TEST_CASE("several entities in one message, in order, with exact offsets") {
  const std::string text =
      "Bonjour, dossier A123456789, né le 4 mars 1990, tél. 613-555-0199, j.doe@mail.com, "
      "K1A 0B1.";
  const std::vector<Expected> found = Find(text);
  REQUIRE(found.size() == 5);
  CHECK(found[0].type == "file_number");
  CHECK(found[1].value == "1990-03-04");
  CHECK(found[2].value == "6135550199");
  CHECK(found[3].value == "j.doe@mail.com");
  CHECK(found[4].value == "K1A 0B1");
  const std::vector<Entity> raw = Extractor().Extract(text);
  for (std::size_t i = 1; i < raw.size(); ++i) CHECK(raw[i - 1].end <= raw[i].begin);
}

TEST_CASE("edge cases: empty, emoji, invalid UTF-8, huge input") {
  CHECK(Extractor().Extract("").empty());
  CHECK(Extractor().Extract("😀😀🙏").empty());
  ExpectOne("\xff\xfe 613-555-0199 \xc3", "phone", "6135550199", "613-555-0199");
  ExpectOne(std::string("\xe2\x82") + "K1A 0B1", "postal_code", "K1A 0B1", "K1A 0B1");

  // Entities past the budget are not seen; the call stays fast and bounded.
  std::string huge(kMaxEntityInputBytes - 20, 'x');
  huge += " 613-555-0199 ";
  huge += std::string(1 << 20, '9');
  huge += " K1A 0B1";
  const std::vector<Entity> found = Extractor().Extract(huge);
  REQUIRE(found.size() == 1);
  CHECK(found[0].type == "phone");

  std::string many;
  for (int i = 0; i < 200; ++i) many += "K1A 0B1 ";
  CHECK(Extractor().Extract(many).size() == kMaxEntitiesPerMessage);
}

TEST_CASE("random input: offsets in bounds, ordered, non-overlapping, values non-empty") {
  std::mt19937 rng(20260304);
  for (int i = 0; i < 3000; ++i) {
    const std::string text = RandomText(rng);
    const std::vector<Entity> found = Extractor().Extract(text);
    std::size_t previous_end = 0;
    for (const Entity& e : found) {
      INFO(text);
      REQUIRE(e.begin >= previous_end);
      REQUIRE(e.begin < e.end);
      REQUIRE(e.end <= text.size());
      REQUIRE_FALSE(e.value.empty());
      previous_end = e.end;
    }
  }
}

TEST_CASE("the first extractions, which compile the patterns, may run on several threads") {
  const EntityExtractor extractor;  // not compiled yet
  std::vector<std::vector<Entity>> found(4);
  std::vector<std::thread> threads;
  for (auto& result : found) {
    threads.emplace_back([&] { result = extractor.Extract("mon code postal est K1A 0B1"); });
  }
  for (std::thread& thread : threads) thread.join();
  for (const auto& result : found) {
    REQUIRE(result.size() == 1);
    CHECK(result[0].value == "K1A 0B1");
  }
}

TEST_CASE("a moved-from extractor returns nothing instead of crashing") {
  EntityExtractor a;
  EntityExtractor b = std::move(a);
  CHECK(b.Extract("K1A 0B1").size() == 1);
  CHECK(a.Extract("K1A 0B1").empty());  // NOLINT(bugprone-use-after-move): documented
}

}  // namespace
}  // namespace relais::engine
