// Tests for AnalyzeText and AnalyzeQuestion (text/analyzed_question.h): each part of
// the analysis equals what the string function it replaces in Engine::Ask gives,
// so that analysing a question once changes no answer. On hand-picked questions
// and on random text (invalid UTF-8, emoji, elisions, signal words).
#include "text/analyzed_question.h"

#include <catch2/catch_test_macros.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/random_text.h"
#include "relais/engine/analyzed_text.h"
#include "relais/engine/language.h"
#include "relais/engine/normalizer.h"
#include "relais/engine/signals.h"
#include "relais/engine/utf8.h"
#include "signals/prepared_signals.h"

namespace relais::engine {
namespace {

using testing::RandomText;

constexpr TextLanguage kLanguages[] = {TextLanguage::kUnknown, TextLanguage::kFrench,
                                       TextLanguage::kEnglish};

const std::vector<std::string>& Questions() {
  static const std::vector<std::string> questions = [] {
    std::vector<std::string> q = {
        "",
        "Combien coûte un passeport ?",
        "how much does a passport cost",
        "Où est l'ÉCOLE?! Je n'ai pas reçu d’avis",
        "I can't find my e-mail, can u help pls",
        "PARLER A UN AGENT!!! c'est nul",
        "je veux parler à qqn svp",
        "rappelez-moi au 613-555-0199 demain",
        "je veux mourir",
        "et pour les enfants ?",
        "merciiiii 10am aujourd'hui quelqu'un",
        "\xff\xfe passeport \xc3 \xed\xa0\x80",
        "😀👍🏽",
    };
    std::string long_text;
    while (long_text.size() < 6000) long_text += "renouveler l'école ÉTÉ ";
    q.push_back(long_text);  // over every budget: cut at kMaxAnalyzedQuestionBytes
    std::mt19937 rng(20261207);
    for (int i = 0; i < 300; ++i) q.push_back(RandomText(rng));
    return q;
  }();
  return questions;
}

void CheckSameTokens(const std::vector<Token>& a, const std::vector<Token>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].word == b[i].word);
    CHECK(a[i].stem == b[i].stem);
    CHECK(a[i].alt_stem == b[i].alt_stem);
    CHECK(a[i].stop_word == b[i].stop_word);
  }
}

void CheckSameLanguage(const LanguageDetection& a, const LanguageDetection& b) {
  CHECK(a.language == b.language);
  CHECK(a.confidence == b.confidence);
  CHECK(a.from_hint == b.from_hint);
  CHECK(a.french_score == b.french_score);
  CHECK(a.english_score == b.english_score);
}

void CheckSameSignals(const MessageSignals& a, const MessageSignals& b) {
  CHECK(a.handoff.requested == b.handoff.requested);
  CHECK(a.handoff.callback == b.handoff.callback);
  CHECK(a.handoff.live_chat == b.handoff.live_chat);
  CHECK(a.handoff.evidence == b.handoff.evidence);
  CHECK(a.frustration.frustrated == b.frustration.frustrated);
  CHECK(a.frustration.level == b.frustration.level);
  CHECK(a.frustration.reasons == b.frustration.reasons);
  CHECK(a.sensitive.detected == b.sensitive.detected);
  CHECK(a.sensitive.category == b.sensitive.category);
  CHECK(a.sensitive.evidence == b.sensitive.evidence);
  CHECK(a.wants_human == b.wants_human);
  CHECK(a.urgency == b.urgency);
  CHECK(a.reasons == b.reasons);
}

TEST_CASE("AnalyzeText gives Normalize's tokens", "[analyzed_text]") {
  for (const std::string& text : Questions()) {
    for (TextLanguage language : kLanguages) {
      INFO(text << " / " << TextLanguageCode(language));
      const AnalyzedText analysed = AnalyzeText(text, language);
      CHECK(analysed.language == language);
      CHECK(analysed.truncated == (text.size() > kMaxNormalizeInputBytes));
      CheckSameTokens(analysed.tokens, Normalize(text, language));
      CHECK(analysed.tokens.size() == SplitWords(text, language).size());
    }
  }
}

TEST_CASE("AnalyzeQuestion gives what each stage read from the text itself",
          "[analyzed_question]") {
  for (const std::string& text : Questions()) {
    for (TextLanguage page : kLanguages) {
      INFO(text << " / page " << TextLanguageCode(page));
      const AnalyzedQuestion question = AnalyzeQuestion(text, page);
      CHECK(question.text == TruncateUtf8(text, kMaxAnalyzedQuestionBytes));
      const std::string_view cut = question.text;

      CheckSameLanguage(question.language, DetectLanguage(cut, page));

      const signal_words::MessageWords message =
          signal_words::PrepareMessage(cut, kMaxSignalInputBytes);
      CHECK(question.message.words == message.words);
      CHECK(question.message.clause_starts == message.clause_starts);

      CHECK(question.words.language == question.language.language);
      CHECK(question.words.truncated == (text.size() > kMaxNormalizeInputBytes));
      CheckSameTokens(question.words.tokens, Normalize(cut, question.language.language));
    }
  }
}

TEST_CASE("The signals read from the analysed question give the signals of the text",
          "[analyzed_question]") {
  const std::vector<ConversationTurn> history = {
      {"comment renouveler mon passeport", TurnOutcome::kNoAnswer},
      {"renouveler passeport ???", TurnOutcome::kClarified},
  };
  for (const std::string& text : Questions()) {
    INFO(text);
    const AnalyzedQuestion question = AnalyzeQuestion(text, TextLanguage::kUnknown);
    for (std::size_t turns : {std::size_t{0}, history.size()}) {
      const std::span<const ConversationTurn> previous(history.data(), turns);
      CheckSameSignals(AnalyzeMessage(question.text, question.message, previous),
                       AnalyzeMessage(question.text, previous));
    }
  }
}

}  // namespace
}  // namespace relais::engine
