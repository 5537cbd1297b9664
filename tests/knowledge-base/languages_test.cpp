// A knowledge base's languages are data: service.md lists them, entries are written
// in them, and the bundle and the engine carry any of them (see source.h).
#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <set>
#include <string>

#include "kb_fixtures.h"
#include "relais/engine/bundle_schema.h"
#include "relais/engine/knowledge_base.h"
#include "relais/kb/bundle_writer.h"
#include "relais/kb/parser.h"
#include "relais/kb/validator.h"

namespace relais::kb {
namespace {

std::vector<std::string> Rules(const Diagnostics& d) {
  std::vector<std::string> rules;
  for (const Diagnostic& diagnostic : d.all()) rules.push_back(diagnostic.rule);
  return rules;
}

std::vector<std::string> Validate(const KnowledgeBaseSource& kb) {
  Diagnostics d;
  ValidateKnowledgeBase(kb, ValidateOptions(), &d);
  INFO(d.Format());
  return Rules(d);
}

// The good knowledge base with Spanish as a partial language, and its
// opening-hours entry written in Spanish.
KnowledgeBaseSource WithSpanish() {
  Diagnostics d;
  KnowledgeBaseSource kb = LoadKnowledgeBase(testing::GoodKb(), &d);
  kb.service.partial_languages = {"es", 3};
  kb.service.names.emplace_back("es", Located{"Biblioteca pública de Riverbend", 4});
  const auto entry = std::find_if(kb.entries.begin(), kb.entries.end(), [](const Entry& e) {
    return e.header.id.text == "opening-hours";
  });
  LanguageSection es;
  es.language = "es";
  es.line = 100;
  es.title = {"Horario de apertura", 100};
  es.questions_line = 101;
  int line = 102;
  for (const char* question :
       {"¿A qué hora abre la biblioteca?", "horario de la biblioteca", "¿Está abierta el domingo?",
        "¿Cuándo cierran hoy?", "horas de apertura de las sucursales"}) {
    es.questions.push_back({question, line++});
  }
  es.answer_line = 110;
  es.answer = {{"Todas las sucursales abren de lunes a viernes, de 9 a 21 h.", 111}};
  entry->sections.push_back(es);
  return kb;
}

TEST_CASE("language names and the languages service.md declares") {
  CHECK(LanguageName("es") == "Spanish");
  CHECK(LanguageName("oji") == "'oji'");

  Service service;
  CHECK(ServiceLanguages(service).codes == std::vector<std::string>{"en", "fr"});  // the default
  service.languages = {"fr, en", 2};
  service.partial_languages = {"es, iu, es, EN", 3};
  const Languages languages = ServiceLanguages(service);
  CHECK(languages.codes == std::vector<std::string>{"fr", "en", "es", "iu"});
  CHECK(languages.complete == 2);
  CHECK(languages.IsComplete("en"));
  CHECK_FALSE(languages.IsComplete("es"));
  CHECK(languages.Has("iu"));
  CHECK_FALSE(languages.Has("de"));
}

TEST_CASE("service.md: malformed or repeated codes, a name in an unlisted language") {
  KnowledgeBaseSource kb = WithSpanish();
  kb.service.languages = {"en, fr, french", 2};
  CHECK(Validate(kb) == std::vector<std::string>{"bad-language"});
  kb.service.languages = {"en, fr", 2};
  kb.service.partial_languages = {"es, fr", 3};
  CHECK(Validate(kb) == std::vector<std::string>{"bad-language"});
  kb.service.partial_languages = {"es", 3};
  kb.service.names.emplace_back("de", Located{"Öffentliche Bibliothek", 5});
  CHECK(Validate(kb) == std::vector<std::string>{"language-not-in-service"});
}

TEST_CASE("a partial language: entries may be written in it, the complete ones are required") {
  KnowledgeBaseSource kb = WithSpanish();
  CHECK(Validate(kb).empty());
  // Spanish is not listed: its section is refused.
  kb.service.partial_languages = {};
  kb.service.names.pop_back();
  CHECK(Validate(kb) == std::vector<std::string>{"language-not-in-service"});
  // Spanish complete: every other entry now misses it.
  kb = WithSpanish();
  kb.service.languages = {"en, fr, es", 2};
  kb.service.partial_languages = {};
  const std::vector<std::string> rules = Validate(kb);
  CHECK(std::count(rules.begin(), rules.end(), "missing-language") == 6);  // 5 entries, service.md
  // A name in every language.
  kb = WithSpanish();
  kb.service.names.pop_back();
  CHECK(Validate(kb) == std::vector<std::string>{"missing-field"});
}

TEST_CASE("a partial language reaches the engine; entries not written in it use the default") {
  BundleOptions options;
  options.build_time = 1767225600;
  options.models = {{"intent-classifier", std::string("model\0bytes", 11)}};
  const engine::Result<std::string> bundle = BuildBundle(WithSpanish(), options);
  REQUIRE(bundle.ok());
  const engine::Result<engine::KnowledgeBase> read =
      engine::KnowledgeBase::FromBundle(bundle.value());
  REQUIRE(read.ok());
  const engine::KnowledgeBase& kb = read.value();
  CHECK(kb.info().languages == std::vector<std::string>{"en", "fr", "es"});
  CHECK(kb.info().service_names.at("es") == "Biblioteca pública de Riverbend");
  CHECK(kb.info().Alternatives("es") == kb.info().Alternatives("en"));  // none given in Spanish
  const engine::KbEntry* hours = kb.FindEntry("opening-hours");
  REQUIRE(hours != nullptr);
  CHECK(hours->Text("es").language == "es");
  CHECK(hours->Text("es").title == "Horario de apertura");
  CHECK(kb.FindEntry("late-fees")->Text("es").language == "en");
  const auto spanish =
      std::count_if(kb.questions().begin(), kb.questions().end(),
                    [](const engine::KbQuestion& q) { return q.language == "es"; });
  CHECK(spanish == 5);
}

TEST_CASE("each entry header field has its bundle column, and each column its field") {
  std::set<std::string_view> columns;
  for (const engine::bundle::Column& column : engine::bundle::kEntries.columns) {
    columns.insert(column.name);
  }
  std::set<std::string_view> fields;
  std::set<std::string_view> keys;
  for (const EntryField& field : kEntryFields) {
    fields.insert(field.column);
    keys.insert(field.key);
    if (field.kind == FieldKind::kChoice) CHECK_FALSE(field.choices.empty());
    if (field.kind == FieldKind::kChoice) CHECK(field.choices.front() == field.example);
  }
  CHECK(fields == columns);
  CHECK(keys.size() == std::size(kEntryFields));  // no key twice
}

}  // namespace
}  // namespace relais::kb
