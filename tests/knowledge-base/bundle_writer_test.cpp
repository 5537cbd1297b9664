#include "relais/kb/bundle_writer.h"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <functional>

#include "kb_fixtures.h"
#include "relais/engine/knowledge_base.h"
#include "relais/kb/parser.h"
#include "support/sqlite_bytes.h"

namespace relais::kb {
namespace {

KnowledgeBaseSource Good() {
  Diagnostics d;
  return LoadKnowledgeBase(testing::GoodKb(), &d);
}

std::string Bundle(const KnowledgeBaseSource& kb, std::int64_t time = 1767225600) {
  BundleOptions options;
  options.build_time = time;
  options.models = {{"intent-classifier", std::string("model\0bytes", 11)}};
  engine::Result<std::string> bytes = BuildBundle(kb, options);
  REQUIRE(bytes.ok());
  return bytes.value();
}

using sqlite_testing::Query;

TEST_CASE("the same sources give a byte-identical bundle") {
  const KnowledgeBaseSource kb = Good();
  const std::string first = Bundle(kb);
  CHECK(Bundle(Good()) == first);
  CHECK(Bundle(kb, 1767225601) != first);  // the build time is part of the content
  KnowledgeBaseSource shuffled = kb;
  std::reverse(shuffled.entries.begin(), shuffled.entries.end());
  CHECK(Bundle(shuffled) == first);  // row order does not depend on input order
}

TEST_CASE("the bundle holds meta, entries, questions, patterns and the model") {
  const std::string bundle = Bundle(Good());
  CHECK(Query(bundle, "PRAGMA user_version") ==
        std::vector<std::string>{std::to_string(engine::kBundleFormatVersion)});
  CHECK(Query(bundle, "PRAGMA application_id") ==
        std::vector<std::string>{std::to_string(engine::kBundleApplicationId)});
  CHECK(Query(bundle, "PRAGMA freelist_count") == std::vector<std::string>{"0"});  // VACUUMed
  const std::vector<std::string> meta = Query(bundle, "SELECT key, value FROM meta");
  CHECK(meta == std::vector<std::string>{
                    "alternatives|{\"en\":[{\"kind\":\"phone\",\"label\":\"Information desk, "
                    "every day, 9 a.m. to 9 p.m.\",\"value\":\"1-800-555-0199\"},{\"kind\":"
                    "\"form\",\"label\":\"Write to us\",\"value\":\"https://library.example/"
                    "contact\"}],\"fr\":[{\"kind\":\"phone\",\"label\":\"Comptoir d'information, "
                    "tous les jours, de 9 h à 21 h\",\"value\":\"1-800-555-0199\"},{\"kind\":"
                    "\"form\",\"label\":\"Écrivez-nous\",\"value\":\"https://library.example/fr/"
                    "contact\"}]}",
                    "build_time|2026-01-01T00:00:00Z", "content_hash|" + Good().content_hash,
                    "entry_count|6", "format_version|2", "languages|[\"en\",\"fr\"]",
                    "pattern_count|2", "question_count|72", "service_id|riverbend-library",
                    "service_names|{\"en\":\"Riverbend Public Library\",\"fr\":\"Bibliothèque "
                    "publique de Riverbend\"}"});
  CHECK(Query(bundle, "SELECT id FROM entries") ==
        std::vector<std::string>{"complaint", "late-fees", "library-card", "lost-card",
                                 "opening-hours", "renew-loan"});
  CHECK(Query(bundle,
              "SELECT handoff, queue, skill, priority, alternatives, follow_ups, owner, "
              "reviewed FROM entries WHERE id IN ('complaint', 'library-card', 'lost-card')") ==
        std::vector<std::string>{
            "always|complaints|client-relations|urgent|yes|[]|Client Relations|2026-04-01",
            "never|||normal|yes|[\"lost-card\",\"opening-hours\"]|Membership Services|2026-02-01",
            "never|||normal|no|[]|Membership Services|2026-02-01"});
  CHECK(Query(bundle, "SELECT language, alternatives FROM texts WHERE entry_id = 'lost-card'") ==
        std::vector<std::string>{
            "en|[{\"kind\":\"phone\",\"label\":\"Lost cards, 24 hours a day\",\"value\":"
            "\"1-800-555-0198\"}]",
            "fr|[{\"kind\":\"phone\",\"label\":\"Cartes perdues, 24 heures sur 24\",\"value\":"
            "\"1-800-555-0198\"}]"});
  CHECK(
      Query(bundle, "SELECT language, title, answer FROM texts WHERE entry_id = 'opening-hours'") ==
      std::vector<std::string>{
          "en|Opening hours|All branches are open:\n- Monday to Friday, 9 a.m. to 9 p.m.;\n"
          "- Saturday and Sunday, 10 a.m. to 5 p.m.\n\nClosed on statutory holidays.",
          "fr|Heures d'ouverture|" +
              Query(bundle,
                    "SELECT answer FROM texts WHERE entry_id = 'opening-hours' AND "
                    "language = 'fr'")[0]});
  CHECK(Query(bundle,
              "SELECT language, position, text FROM questions WHERE entry_id = 'late-fees' "
              "AND position < 2") ==
        std::vector<std::string>{"en|0|how much are late fees", "en|1|overdue fine",
                                 "fr|0|combien coûtent les frais de retard",
                                 "fr|1|amende pour un retard"});
  CHECK(Query(bundle, "SELECT entry_id, language, pattern FROM patterns") ==
        std::vector<std::string>{"library-card|en|(?i)\\blibrary\\s+card\\b",
                                 "library-card|fr|(?i)\\bcarte\\s+de\\s+biblioth[eè]que\\b"});
  CHECK(Query(bundle, "SELECT name, length(data), typeof(data) FROM model") ==
        std::vector<std::string>{"intent-classifier|11|blob"});
}

TEST_CASE("the FTS5 index finds entries by title, answer or question, accents folded") {
  const std::string bundle = Bundle(Good());
  CHECK(Query(bundle,
              "SELECT entry_id FROM search WHERE search MATCH 'bibliotheque' AND "
              "language = 'fr' ORDER BY rank LIMIT 1") == std::vector<std::string>{"library-card"});
  CHECK(Query(bundle, "SELECT entry_id, language FROM search WHERE search MATCH 'overdue'") ==
        std::vector<std::string>{"late-fees|en"});
  CHECK(Query(bundle, "SELECT entry_id FROM search WHERE search MATCH 'statutory'") ==
        std::vector<std::string>{"opening-hours"});
  // Link targets are not indexed as words.
  CHECK(Query(bundle, "SELECT entry_id FROM search WHERE search MATCH 'https'").empty());
}

TEST_CASE("build times and search text") {
  CHECK(FormatUtcTimestamp(0) == "1970-01-01T00:00:00Z");
  CHECK(FormatUtcTimestamp(1767225600) == "2026-01-01T00:00:00Z");
  CHECK(FormatUtcTimestamp(951868799) == "2000-02-29T23:59:59Z");
  CHECK(ResolveBuildTime(nullptr, 42).value() == 42);
  CHECK(ResolveBuildTime("1767225600", 42).value() == 1767225600);
  CHECK_FALSE(ResolveBuildTime("yesterday", 42).ok());
  CHECK_FALSE(ResolveBuildTime("", 42).ok());
  CHECK(MarkdownToSearchText("**Renew** in [My Library](https://x.example/a) or *by mail*.") ==
        "Renew in My Library or by mail.");
}

TEST_CASE("bundles are written atomically") {
  const std::string path =
      (std::filesystem::temp_directory_path() / "relais-kb-bundle-writer-test.sqlite").string();
  REQUIRE(WriteFileAtomically(path, "first").ok());
  REQUIRE(WriteFileAtomically(path, "second").ok());
  CHECK(testing::ReadFile(path) == "second");
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  std::filesystem::remove(path);
  CHECK_FALSE(WriteFileAtomically("/nonexistent-dir/bundle.sqlite", "x").ok());
}

}  // namespace
}  // namespace relais::kb
