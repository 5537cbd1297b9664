#include "relais/kb/confusion.h"

#include <catch2/catch_test_macros.hpp>

#include "kb_fixtures.h"
#include "relais/kb/parser.h"

namespace relais::kb {
namespace {

LabeledQuestion Q(const char* entry, const char* text, const char* language = "en") {
  return {entry, language, text, "f.md", 1};
}

TEST_CASE("lexical cross-validation predicts a held-out question from its nearest neighbour") {
  const std::vector<LabeledQuestion> questions = {
      Q("fees", "how much does a passport cost"),
      Q("fees", "passport cost for a child"),
      Q("renew", "renew my passport online"),
      Q("renew", "how do I renew an expired passport"),
      Q("renew", "Renew my passports, online!"),  // same words as the third, folded
      Q("weather", "is it going to rain"),
      Q("fees", "combien coûte un passeport", "fr"),
      Q("renew", "combien coute le passeport", "fr"),
  };
  const std::vector<HeldOutPrediction> predictions = LexicalCrossValidate(questions);
  REQUIRE(predictions.size() == questions.size());
  CHECK(predictions[0].entry_id == "fees");
  CHECK(predictions[0].evidence == "passport cost for a child");
  CHECK(predictions[2].entry_id == "renew");
  CHECK(predictions[2].evidence == "Renew my passports, online!");
  CHECK(predictions[5].entry_id.empty());  // no other question shares a word
  // Languages never mix: the French questions only see each other.
  CHECK(predictions[6].entry_id == "renew");
  CHECK(predictions[7].entry_id == "fees");
  CHECK(LexicalCrossValidate(questions)[3].entry_id == predictions[3].entry_id);  // deterministic
}

TEST_CASE("consistency groups predictions by entry and ranks the confused neighbours") {
  const std::vector<LabeledQuestion> questions = {
      Q("a", "1"), Q("a", "2"), Q("a", "3"), Q("a", "4"), Q("a", "5", "fr"), Q("b", "6"),
  };
  const std::vector<HeldOutPrediction> predictions = {{"a", ""}, {"c", ""}, {"b", ""},
                                                      {"b", ""}, {"b", ""}, {"", ""}};
  const std::vector<EntryConsistency> result = AnalyseConsistency(questions, predictions);
  REQUIRE(result.size() == 2);
  const EntryConsistency& a = result[0];
  CHECK(a.entry_id == "a");
  CHECK(a.Examples("en") == 4);
  CHECK(a.Examples("fr") == 1);
  CHECK(a.correct.at("en") == 1);
  CHECK(a.Accuracy("en") == 0.25);
  CHECK(a.Accuracy("fr") == 0.0);
  REQUIRE(a.confused_with.size() == 3);
  CHECK(a.confused_with[0].entry_id == "b");  // two English questions
  CHECK(a.confused_with[0].language == "en");
  CHECK(a.confused_with[0].questions == std::vector<std::size_t>{2, 3});
  CHECK(a.confused_with[1].entry_id == "b");  // then by id, then language
  CHECK(a.confused_with[1].language == "fr");
  CHECK(a.confused_with[2].entry_id == "c");
  CHECK(result[1].entry_id == "b");
  CHECK(result[1].Accuracy("en") == 0.0);  // no prediction is not a success
  CHECK(result[1].confused_with.empty());
  CHECK(result[1].Accuracy("fr") == 1.0);  // no French examples
}

TEST_CASE("the questions of a knowledge base are collected with their origin") {
  Diagnostics d;
  const KnowledgeBaseSource kb = LoadKnowledgeBase(testing::GoodKb(), &d);
  const std::vector<LabeledQuestion> questions = CollectQuestions(kb);
  REQUIRE(questions.size() == 72);
  CHECK(questions[0].entry_id == "library-card");
  CHECK(questions[0].text == "How do I get a library card?");
  CHECK(questions[0].line == 12);
  CHECK(questions[6].language == "fr");
}

}  // namespace
}  // namespace relais::kb
