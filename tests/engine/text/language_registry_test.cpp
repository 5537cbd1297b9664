// Tests for the language modules' registry (language_registry.h) and the codes
// TextLanguage carries (text_language.h).
#include "relais/engine/language_registry.h"

#include <catch2/catch_test_macros.hpp>
#include <set>
#include <string>

#include "relais/engine/text_language.h"

using namespace relais::engine;

// Stored in serialised models: never renumbered.
static_assert(TextLanguage::kUnknown.number() == 0);
static_assert(TextLanguage::kEnglish.number() == 1);
static_assert(TextLanguage::kFrench.number() == 2);
static_assert(sizeof(TextLanguage) == 5);

TEST_CASE("every module has its own code and number", "[language_registry]") {
  std::set<std::string> codes;
  std::set<int> numbers;
  for (const LanguageModule* module : LanguageModules()) {
    const TextLanguage& language = module->language();
    INFO(TextLanguageCode(language));
    CHECK(codes.insert(std::string(language.code())).second);
    CHECK(numbers.insert(language.number()).second);
    CHECK(language.code().size() >= 2);
    CHECK(language.code().size() <= TextLanguage::kMaxCodeLength);
    CHECK(language.number() != TextLanguage::kUnknownNumber);
    CHECK(language.number() != TextLanguage::kGenericNumber);
    CHECK(FindLanguageModule(language.code()) == module);
    CHECK(&LanguageModuleFor(language) == module);
    CHECK(TextLanguageFromCode(language.code()) == language);
  }
  CHECK(codes.count("en") == 1);
  CHECK(codes.count("fr") == 1);
  CHECK(codes.count("es") == 1);
  // English then French: the order spelling evidence is tried in.
  REQUIRE(LanguageModules().size() >= 2);
  CHECK(LanguageModules()[0]->language() == TextLanguage::kEnglish);
  CHECK(LanguageModules()[1]->language() == TextLanguage::kFrench);
}

TEST_CASE("a code without a module gets the generic module", "[language_registry]") {
  for (std::string_view code : {"it", "pa", "iu", "de-CH", "fil"}) {
    INFO(code);
    const TextLanguage language = TextLanguageFromCode(code);
    CHECK(language != TextLanguage::kUnknown);
    CHECK(language.number() == TextLanguage::kGenericNumber);
    CHECK(FindLanguageModule(language.code()) == nullptr);
    CHECK(&LanguageModuleFor(language) == &GenericLanguageModule());
  }
  CHECK(&LanguageModuleFor(TextLanguage::kUnknown) == &GenericLanguageModule());
  CHECK(GenericLanguageModule().language().code().empty());
}

TEST_CASE("a language code is two or three lowercase letters, as Relais writes them",
          "[language_registry]") {
  CHECK(IsLanguageCode("en"));
  CHECK(IsLanguageCode("iu"));
  CHECK(IsLanguageCode("oji"));
  CHECK_FALSE(IsLanguageCode("EN"));
  CHECK_FALSE(IsLanguageCode("e"));
  CHECK_FALSE(IsLanguageCode("fr-ca"));
  CHECK_FALSE(IsLanguageCode("deutsch"));
  CHECK_FALSE(IsLanguageCode(""));
}

TEST_CASE("codes convert both ways", "[language_registry]") {
  CHECK(TextLanguageFromCode("EN") == TextLanguage::kEnglish);
  CHECK(TextLanguageFromCode("fr_CA") == TextLanguage::kFrench);
  CHECK(TextLanguageCode(TextLanguageFromCode("es-MX")) == "es");
  CHECK(TextLanguageFromCode("es") != TextLanguage::kUnknown);
  CHECK(TextLanguageFromCode("es").number() == 3);
  for (std::string_view code : {"", "e", "und", "UND-x", "english", "e1", "-fr", "fr!"}) {
    INFO(code);
    CHECK(TextLanguageFromCode(code) == TextLanguage::kUnknown);
  }
  CHECK(TextLanguageCode(TextLanguage::kUnknown) == "und");
  CHECK(UnknownLanguageModules().size() == 2);
  CHECK(UnknownLanguageModules()[0]->language() == TextLanguage::kEnglish);
  CHECK(UnknownLanguageModules()[1]->language() == TextLanguage::kFrench);
}

TEST_CASE("modules' stop-word lists are sorted and agree with IsStopWord", "[language_registry]") {
  for (const LanguageModule* module : LanguageModules()) {
    INFO(TextLanguageCode(module->language()));
    const auto words = module->StopWords();
    CHECK_FALSE(words.empty());
    for (std::size_t i = 0; i < words.size(); ++i) {
      CHECK(module->IsStopWord(words[i]));
      if (i > 0) CHECK(words[i - 1] < words[i]);
    }
  }
}
