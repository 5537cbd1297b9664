// Tests for the Spanish language module (text/languages/spanish.cc): its stop words
// (the npm package `stopword`'s list minus the words kept on purpose), its light
// stemmer, its normalisation and its detection evidence.
#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "relais/engine/language.h"
#include "relais/engine/language_registry.h"
#include "relais/engine/normalizer.h"
#include "relais/engine/text_fold.h"

using namespace relais::engine;

namespace {

const TextLanguage kEs = TextLanguageFromCode("es");
const LanguageModule& Spanish() { return LanguageModuleFor(kEs); }

std::string Stem(std::string_view word) { return Spanish().Stem(word); }

// Question words and negations, kept as words (stop_words.h), folded.
const std::set<std::string> kKept = {"como", "cual",   "cuando", "donde", "ni",
                                     "no",   "porque", "que",    "quien", "sin"};

}  // namespace

TEST_CASE("Spanish stop words are the package's list minus question words and negations",
          "[spanish]") {
  std::ifstream in(RELAIS_STOPWORD_SPA_JS);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string source = text.str();
  std::set<std::string> expected;
  std::size_t package_words = 0;
  const std::regex quoted("'([^']+)'");
  for (auto it = std::sregex_iterator(source.begin(), source.end(), quoted);
       it != std::sregex_iterator(); ++it) {
    ++package_words;
    const std::string folded = FoldText((*it)[1].str());
    if (!kKept.count(folded)) expected.insert(folded);
  }
  CHECK(package_words == 59);

  const auto words = Spanish().StopWords();
  CHECK(std::set<std::string>(words.begin(), words.end()) == expected);
  CHECK(words.size() == expected.size());
  for (const std::string& kept : kKept) {
    INFO(kept);
    CHECK_FALSE(Spanish().IsStopWord(kept));
  }
  for (std::string_view word : {"el", "los", "las", "del", "de", "para", "por", "una", "mi", "y"}) {
    INFO(word);
    CHECK(Spanish().IsStopWord(word));
  }
  CHECK_FALSE(Spanish().IsStopWord("pasaporte"));
}

TEST_CASE("Spanish light stemmer: plural and gender endings", "[spanish]") {
  // Plurals and gender fold together.
  CHECK(Stem("pasaporte") == "pasaport");
  CHECK(Stem("pasaportes") == "pasaport");
  CHECK(Stem("ciudadano") == "ciudadan");
  CHECK(Stem("ciudadana") == "ciudadan");
  CHECK(Stem("ciudadanos") == "ciudadan");
  CHECK(Stem("ciudadanas") == "ciudadan");
  CHECK(Stem("solicitud") == "solicitud");
  CHECK(Stem("solicitudes") == "solicitud");
  CHECK(Stem("renovacion") == "renovacion");
  CHECK(Stem("renovaciones") == "renovacion");
  CHECK(Stem("documentos") == "document");
  // -eses keeps -es, -ces becomes -z.
  CHECK(Stem("meses") == "mes");
  CHECK(Stem("luces") == "luz");
  CHECK(Stem("veces") == "vez");
  // Words of four letters or fewer, and words that are not ASCII letters, stay.
  CHECK(Stem("mesa") == "mesa");
  CHECK(Stem("casa") == "casa");
  CHECK(Stem("2024") == "2024");
  CHECK(Stem("año") == "año");  // not folded: left alone
  CHECK(Stem("renovar") == "renovar");
}

TEST_CASE("Spanish text normalises with the Spanish module", "[spanish]") {
  const std::vector<Token> tokens = Normalize("¿Cómo renuevo mis pasaportes?", kEs);
  REQUIRE(tokens.size() == 4);
  CHECK(tokens[0].word == "como");
  CHECK_FALSE(tokens[0].stop_word);  // a question word
  CHECK(tokens[2].word == "mis");
  CHECK(tokens[3].stem == "pasaport");
  CHECK(tokens[3].alt_stem.empty());
  CHECK(NormalizeToTerms("los pasaportes de la familia", kEs) ==
        std::vector<std::string>{"pasaport", "famili"});
}

namespace {

// Citizens' questions in Spanish, with and without accents.
constexpr std::string_view kSpanishQuestions[] = {
    "¿Cómo renuevo mi pasaporte?",
    "como renuevo mi pasaporte",
    "¿Cuánto cuesta el pasaporte?",
    "quiero hacer una cita",
    "necesito ayuda con mi solicitud",
    "¿Dónde está la oficina más cercana?",
    "perdí mi tarjeta de salud",
    "¿Cuál es el horario de la oficina?",
    "olvidé mi contraseña",
    "quiero hablar con una persona",
    "¿Puedo pagar en línea?",
    "hola, buenos días",
    "gracias por la ayuda",
    "los documentos para la residencia",
    "¿Cuándo recibo mi reembolso de impuestos?",
    "mi licencia de conducir está vencida",
};

constexpr std::string_view kFrenchQuestions[] = {
    "comment renouveler mon passeport",
    "où est le bureau le plus proche",
    "je veux parler à quelqu'un",
    "délai de traitement",
    "prendre un rendez-vous",
    "mot de passe oublié",
    "est-ce que je peux payer en ligne",
    "les heures du bureau",
};

constexpr std::string_view kEnglishQuestions[] = {
    "how do I renew my passport", "where is the nearest office", "I want to talk to someone",
    "forgot my password",         "book an appointment",         "can I pay online",
};

}  // namespace

TEST_CASE("Spanish questions are Spanish when the knowledge base has Spanish", "[spanish]") {
  const TextLanguage candidates[] = {TextLanguage::kEnglish, TextLanguage::kFrench, kEs};
  for (std::string_view question : kSpanishQuestions) {
    INFO(question);
    const LanguageDetection d = DetectLanguage(question, TextLanguage::kUnknown, candidates);
    CHECK(d.language == kEs);
    CHECK(d.scores.size() == 3);
    // A French or English page does not turn a clear Spanish question.
    CHECK(DetectLanguage(question, TextLanguage::kFrench, candidates).language == kEs);
  }
  for (std::string_view question : kFrenchQuestions) {
    INFO(question);
    CHECK(DetectLanguage(question, TextLanguage::kUnknown, candidates).language ==
          TextLanguage::kFrench);
  }
  for (std::string_view question : kEnglishQuestions) {
    INFO(question);
    CHECK(DetectLanguage(question, TextLanguage::kUnknown, candidates).language ==
          TextLanguage::kEnglish);
  }
  // Without Spanish among them, never Spanish; English and French decide as before.
  const TextLanguage en_fr[] = {TextLanguage::kEnglish, TextLanguage::kFrench};
  for (std::string_view question : kSpanishQuestions) {
    INFO(question);
    const LanguageDetection d = DetectLanguage(question, TextLanguage::kUnknown, en_fr);
    CHECK(d.language != kEs);
    const LanguageDetection before = DetectLanguage(question);
    CHECK(d.language == before.language);
    CHECK(d.confidence == before.confidence);
    CHECK(DetectLanguage(question, kEs, en_fr).language == before.language);  // not a candidate
  }
}

TEST_CASE("Spanish and Spanish-only knowledge bases", "[spanish]") {
  const TextLanguage fr_es[] = {TextLanguage::kFrench, kEs};
  CHECK(DetectLanguage("¿Dónde está mi pasaporte?", TextLanguage::kUnknown, fr_es).language == kEs);
  CHECK(DetectLanguage("où est mon passeport", TextLanguage::kUnknown, fr_es).language ==
        TextLanguage::kFrench);
  const TextLanguage es[] = {kEs};
  CHECK(DetectLanguage("necesito ayuda", TextLanguage::kUnknown, es).language == kEs);
  CHECK(DetectLanguage("ok", kEs, es).language == kEs);
  CHECK(DetectLanguage("ok", TextLanguage::kUnknown, es).language == TextLanguage::kUnknown);
}
