// relais::engine::KnowledgeBase::FromBundle, on bundles built by relais::kb.
#include "relais/engine/knowledge_base.h"

#include <catch2/catch_test_macros.hpp>

#include "kb_fixtures.h"
#include "relais/kb/bundle_writer.h"
#include "relais/kb/parser.h"
#include "support/sqlite_bytes.h"

namespace relais::engine {
namespace {

std::string GoodBundle() {
  kb::Diagnostics d;
  const kb::KnowledgeBaseSource source = kb::LoadKnowledgeBase(kb::testing::GoodKb(), &d);
  kb::BundleOptions options;
  options.build_time = 1767225600;
  options.models = {{std::string(kClassifierModelName), std::string("\x01\x00\x02", 3)}};
  Result<std::string> bytes = kb::BuildBundle(source, options);
  REQUIRE(bytes.ok());
  return bytes.value();
}

using sqlite_testing::Modified;

TEST_CASE("a bundle is read into immutable structs") {
  const std::string bundle = GoodBundle();
  Result<KnowledgeBase> loaded = KnowledgeBase::FromBundle(bundle);
  REQUIRE(loaded.ok());
  const KnowledgeBase kb = loaded.value();  // copies share the content

  const KbInfo& info = kb.info();
  CHECK(info.format_version == kBundleFormatVersion);
  CHECK(info.content_hash.size() == 64);
  CHECK(info.build_time == "2026-01-01T00:00:00Z");
  CHECK(info.languages == std::vector<std::string>{"en", "fr"});
  CHECK(info.entry_count == 6);
  CHECK(info.question_count == 72);
  CHECK(info.service_id == "riverbend-library");
  CHECK(info.service_names.at("fr") == "Bibliothèque publique de Riverbend");
  REQUIRE(info.Alternatives("en").size() == 2);
  CHECK(info.Alternatives("en")[1].kind == "form");
  CHECK(info.Alternatives("en")[1].value == "https://library.example/contact");
  CHECK(info.Alternatives("en")[1].label == "Write to us");
  CHECK(info.Alternatives("es")[1].label == "Write to us");  // not a language: the default one

  REQUIRE(kb.entries().size() == 6);
  CHECK(kb.entries()[0].id == "complaint");
  const KbEntry* complaint = kb.FindEntry("complaint");
  REQUIRE(complaint != nullptr);
  CHECK(complaint->handoff == KbHandoff::kAlways);
  CHECK(complaint->priority == vocabulary::Priority::kUrgent);
  CHECK(complaint->queue == "complaints");
  CHECK(complaint->skill == "client-relations");
  CHECK(complaint->Text("fr").title == "Porter plainte");
  const KbEntry* card = kb.FindEntry("library-card");
  REQUIRE(card != nullptr);
  CHECK(card->follow_ups == std::vector<std::string>{"lost-card", "opening-hours"});
  CHECK(card->handoff == KbHandoff::kNever);
  CHECK(card->Text("en").answer_markdown.starts_with("A library card is **free**"));
  REQUIRE(card->texts.size() == 2);
  CHECK(card->texts[0].language == "en");  // the default language first
  CHECK(card->texts[1].language == "fr");
  CHECK(&card->Text("es") == &card->texts[0]);  // not written in it: the default language
  CHECK(card->show_service_alternatives);
  CHECK(card->owner == "Membership Services");
  CHECK(card->reviewed == "2026-02-01");
  const KbEntry* lost = kb.FindEntry("lost-card");
  REQUIRE(lost != nullptr);
  CHECK_FALSE(lost->show_service_alternatives);
  REQUIRE(lost->Text("fr").alternatives.size() == 1);
  CHECK(lost->Text("fr").alternatives[0].label == "Cartes perdues, 24 heures sur 24");
  CHECK(kb.FindEntry("no-such-entry") == nullptr);
  CHECK(kb.FindEntry("") == nullptr);

  REQUIRE(kb.questions().size() == 72);
  CHECK(kb.questions()[0].entry_id == "complaint");
  CHECK(kb.questions()[0].language == "en");
  CHECK(kb.questions()[0].text == "I want to make a complaint");
  REQUIRE(kb.patterns().size() == 2);
  CHECK(kb.patterns()[1].language == "fr");
  CHECK(kb.patterns()[1].re2 == "(?i)\\bcarte\\s+de\\s+biblioth[eè]que\\b");
  CHECK(kb.Model(kClassifierModelName) == std::string_view("\x01\x00\x02", 3));
  CHECK(kb.Model("other").empty());
}

TEST_CASE("the bundle bytes are only borrowed") {
  std::string bundle = GoodBundle();
  Result<KnowledgeBase> loaded = KnowledgeBase::FromBundle(bundle);
  REQUIRE(loaded.ok());
  std::fill(bundle.begin(), bundle.end(), '\0');
  bundle.clear();
  bundle.shrink_to_fit();
  CHECK(loaded.value().FindEntry("late-fees")->Text("fr").title == "Frais de retard");
}

TEST_CASE("damaged, foreign and other-version bundles are kCorrupt with a clear message") {
  const std::string bundle = GoodBundle();
  auto status = [](std::string_view bytes) { return KnowledgeBase::FromBundle(bytes).status(); };

  CHECK(status("").code() == StatusCode::kCorrupt);
  CHECK(status("not a database at all, just some text that is long enough to pass the size "
               "check of one hundred bytes, yes")
            .code() == StatusCode::kCorrupt);
  const Status truncated = status(std::string_view(bundle).substr(0, bundle.size() / 2));
  CHECK(truncated.code() == StatusCode::kCorrupt);

  std::string damaged = bundle;
  for (std::size_t i = 4096; i < damaged.size(); i += 7) damaged[i] = static_cast<char>(i * 31);
  CHECK(status(damaged).code() == StatusCode::kCorrupt);

  const Status version = status(Modified(bundle, "PRAGMA user_version = 99"));
  CHECK(version.code() == StatusCode::kCorrupt);
  CHECK(version.message().find("format version 99") != std::string::npos);
  CHECK(version.message().find("newer than this engine reads") != std::string::npos);
  CHECK(version.message().find("rebuild") != std::string::npos);
  const Status older = status(Modified(bundle, "PRAGMA user_version = 0"));
  CHECK(older.code() == StatusCode::kCorrupt);
  CHECK(older.message().find("format version 0") != std::string::npos);
  CHECK(older.message().find("rebuild") != std::string::npos);

  const Status foreign = status(Modified(bundle, "PRAGMA application_id = 7"));
  CHECK(foreign.code() == StatusCode::kCorrupt);
  CHECK(foreign.message().find("not a Relais knowledge-base bundle") != std::string::npos);

  CHECK(
      status(Modified(bundle, "UPDATE meta SET value = '1' WHERE key = 'format_version'")).code() ==
      StatusCode::kCorrupt);
  CHECK(status(Modified(bundle, "DROP TABLE patterns")).code() == StatusCode::kCorrupt);
  CHECK(status(Modified(bundle, "UPDATE entries SET handoff = 'maybe'")).code() ==
        StatusCode::kCorrupt);
  CHECK(status(Modified(bundle, "UPDATE entries SET alternatives = 'maybe'")).code() ==
        StatusCode::kCorrupt);
  CHECK(status(Modified(bundle, "UPDATE texts SET alternatives = '{'")).code() ==
        StatusCode::kCorrupt);
  // Every entry has a text in the default language; no text in a language the bundle lacks.
  CHECK(
      status(Modified(bundle, "DELETE FROM texts WHERE language = 'en' AND entry_id = 'complaint'"))
          .code() == StatusCode::kCorrupt);
  CHECK(status(Modified(bundle,
                        "UPDATE texts SET language = 'es' WHERE entry_id = 'complaint' AND "
                        "language = 'fr'"))
            .code() == StatusCode::kCorrupt);
  CHECK(status(Modified(bundle, "UPDATE texts SET entry_id = 'ghost' WHERE entry_id = 'complaint'"))
            .code() == StatusCode::kCorrupt);
  // A partial language: an entry without its text answers in the default language.
  const Result<KnowledgeBase> partial = KnowledgeBase::FromBundle(
      Modified(bundle, "UPDATE meta SET value = '[\"en\",\"fr\",\"es\"]' WHERE key = 'languages'"));
  REQUIRE(partial.ok());
  CHECK(partial.value().FindEntry("complaint")->Text("es").language == "en");
  CHECK(status(Modified(bundle,
                        "UPDATE questions SET entry_id = 'ghost' WHERE entry_id = 'late-fees'"))
            .code() == StatusCode::kCorrupt);
}

TEST_CASE("a bundle over the size budget is refused before it is opened") {
  const std::string huge(kMaxBundleBytes + 1, '\0');
  CHECK(KnowledgeBase::FromBundle(huge).status().code() == StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace relais::engine
