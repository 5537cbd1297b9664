// Tests for the decision policy and for threshold calibration.
#include "relais/engine/calibration.h"

#include <catch2/catch_test_macros.hpp>
#include <cmath>
#include <vector>

using namespace relais::engine;

namespace {

// A classification whose candidates have the given confidences (probability =
// similarity = confidence, so any mix gives the same confidence).
Classification Make(std::vector<double> confidences, double max_similarity = 0.5) {
  Classification c;
  for (std::size_t i = 0; i < confidences.size(); ++i) {
    c.ranked.push_back(
        {static_cast<std::uint32_t>(i), confidences[i], confidences[i], confidences[i]});
  }
  c.max_similarity = max_similarity;
  c.feature_count = c.known_feature_count = 10;
  return c;
}

DecisionThresholds Policy() {
  DecisionThresholds t;
  t.answer = 0.6;
  t.margin = 0.1;
  t.clarify = 0.3;
  t.out_of_scope_similarity = 0.2;
  return t;
}

}  // namespace

TEST_CASE("Decide answers a confident, clear top intent", "[calibration]") {
  const DecisionResult r = Decide(Make({0.9, 0.1}), Policy());
  CHECK(r.decision == Decision::kAnswer);
  CHECK(r.reason == HandoffReason::kNone);
  CHECK(r.candidates == std::vector<std::uint32_t>{0});
}

TEST_CASE("Decide clarifies between close, moderately confident intents", "[calibration]") {
  DecisionResult r = Decide(Make({0.65, 0.6, 0.35, 0.31, 0.1}), Policy());  // margin too small
  CHECK(r.decision == Decision::kClarify);
  CHECK(r.candidates == std::vector<std::uint32_t>{0, 1, 2});  // at most 3
  r = Decide(Make({0.5, 0.4, 0.1}), Policy());                 // below answer, both above clarify
  CHECK(r.decision == Decision::kClarify);
  CHECK(r.candidates == std::vector<std::uint32_t>{0, 1});
  DecisionThresholds no_clarify = Policy();
  no_clarify.max_clarify_candidates = 1;
  CHECK(Decide(Make({0.5, 0.4}), no_clarify).decision == Decision::kHandoff);
}

TEST_CASE("Decide hands off with a reason", "[calibration]") {
  DecisionResult r = Decide(Make({0.5, 0.1}, 0.5), Policy());
  CHECK(r.decision == Decision::kHandoff);
  CHECK(r.reason == HandoffReason::kLowConfidence);
  CHECK(r.candidates.empty());
  r = Decide(Make({0.2, 0.1}, 0.05), Policy());
  CHECK(r.reason == HandoffReason::kOutOfScope);

  Classification unknown_words;  // features, none known
  unknown_words.feature_count = 12;
  CHECK(Decide(unknown_words, Policy()).reason == HandoffReason::kOutOfScope);
  CHECK(Decide(Classification{}, Policy()).reason == HandoffReason::kLowConfidence);
  CHECK(Decide(Make({0.0}), Policy()).decision == Decision::kHandoff);
}

TEST_CASE("A single candidate can be answered", "[calibration]") {
  CHECK(Decide(Make({0.7}), Policy()).decision == Decision::kAnswer);
}

TEST_CASE("Names of decisions", "[calibration]") {
  CHECK(std::string(DecisionName(Decision::kAnswer)) == "answer");
  CHECK(std::string(DecisionName(Decision::kClarify)) == "clarify");
  CHECK(std::string(DecisionName(Decision::kHandoff)) == "handoff");
}

TEST_CASE("ApplyMix recomputes confidences and re-ranks", "[calibration]") {
  Classification c;
  c.ranked.push_back({0, 0.9, 0.1, 0});
  c.ranked.push_back({1, 0.1, 0.8, 0});
  ApplyMix(1.0, &c);
  CHECK(c.ranked[0].intent == 0);
  CHECK(c.ranked[0].confidence == 0.9);
  ApplyMix(0.0, &c);
  CHECK(c.ranked[0].intent == 1);
  CHECK(c.ranked[0].confidence == 0.8);
}

TEST_CASE("Calibrate meets the out-of-scope recall target", "[calibration]") {
  std::vector<CalibrationSample> samples;
  // 40 in-scope questions: 36 right with confidence 0.5..0.9, 4 wrong with 0.3.
  for (int i = 0; i < 40; ++i) {
    Classification c = Make({i < 36 ? 0.5 + 0.01 * i : 0.3, 0.05});
    samples.push_back({c, i < 36 ? 0 : 1});
  }
  // 20 out-of-scope questions with confidence 0.1..0.575.
  for (int i = 0; i < 20; ++i) samples.push_back({Make({0.1 + 0.025 * i, 0.05}), -1});
  CalibrationOptions options;
  options.min_oos_recall = 0.8;
  const DecisionThresholds t = Calibrate(samples, options);
  std::size_t handed = 0, right = 0;
  for (const CalibrationSample& s : samples) {
    Classification c = s.classification;
    ApplyMix(t.mix, &c);
    const DecisionResult r = Decide(c, t);
    if (s.intent < 0) handed += r.decision == Decision::kHandoff;
    if (s.intent == 0) right += r.decision == Decision::kAnswer;
  }
  CHECK(handed >= 16);  // recall >= 0.8
  CHECK(right >= 30);   // only the in-scope samples inside the OOS range are lost
  CHECK(t.answer > 0.45);
  CHECK(t.answer < 0.56);
}

TEST_CASE("Calibrate without out-of-scope data keeps most right answers", "[calibration]") {
  std::vector<CalibrationSample> samples;
  for (int i = 0; i < 100; ++i) samples.push_back({Make({0.3 + 0.006 * i, 0.01}), 0});
  CalibrationOptions options;
  options.in_scope_coverage = 0.9;
  const DecisionThresholds t = Calibrate(samples, options);
  int answered = 0;
  for (const CalibrationSample& s : samples) {
    answered += Decide(s.classification, t).decision == Decision::kAnswer;
  }
  CHECK(answered >= 89);
  CHECK(answered <= 91);
}

TEST_CASE("Calibrate with no data returns the defaults", "[calibration]") {
  CHECK(Calibrate({}, CalibrationOptions{}) == DefaultThresholds());
}

TEST_CASE("Decide never clarifies with one candidate or with zero confidences", "[calibration]") {
  // A clarify threshold of 0 happens: Calibrate without out-of-scope samples sets it to
  // at most the answer threshold, which held-out examples sharing no word can bring to 0.
  DecisionThresholds t = Policy();
  t.clarify = 0;
  // One intent (a one-entry knowledge base): nothing to choose between.
  DecisionResult r = Decide(Make({0.0}, 0.0), t);
  CHECK(r.decision == Decision::kHandoff);
  CHECK(r.candidates.empty());
  CHECK(Decide(Make({0.3}), t).decision == Decision::kHandoff);
  // Several intents, none plausible.
  CHECK(Decide(Make({0.0, 0.0, 0.0}, 0.0), t).decision == Decision::kHandoff);
  // Two plausible ones: the zero-confidence third is not offered.
  r = Decide(Make({0.3, 0.2, 0.0}), t);
  CHECK(r.decision == Decision::kClarify);
  CHECK(r.candidates == std::vector<std::uint32_t>{0, 1});
}

// ---------------------------------------------------------------------------
// Lexical agreement, the out-of-scope class and the cost of a wrong answer

TEST_CASE("ApplyMix weighs each confidence by agreement^power and re-ranks", "[calibration]") {
  Classification c = Make({0.6, 0.5});
  c.ranked[0].agreement = 0.5;  // the likelier intent shares half the question's words
  ApplyMix(1.0, &c);            // power 0: the agreement is ignored
  CHECK(c.ranked[0].intent == 0);
  CHECK(c.ranked[0].confidence == 0.6);
  ApplyMix(1.0, &c, 1.0);
  CHECK(c.ranked[0].intent == 1);
  CHECK(c.ranked[0].confidence == 0.5);
  CHECK(c.ranked[1].confidence == 0.3);
  ApplyMix(1.0, &c, 2.0);
  CHECK(std::abs(c.ranked[1].confidence - 0.15) < 1e-12);
}

TEST_CASE("a question the out-of-scope class explains better is an out-of-scope hand-off",
          "[calibration]") {
  DecisionThresholds t = Policy();
  Classification c = Make({0.7, 0.05});
  c.out_of_scope_probability = 0.2;
  CHECK(Decide(c, t).decision == Decision::kAnswer);
  // Likelier than the best intent: handed off whatever the thresholds.
  c.out_of_scope_probability = 0.75;
  DecisionResult r = Decide(c, t);
  CHECK(r.decision == Decision::kHandoff);
  CHECK(r.reason == HandoffReason::kOutOfScope);
  // The intent's probability counts discounted by its agreement (the class has no words).
  c.out_of_scope_probability = 0.5;
  c.ranked[0].agreement = 0.6;
  t.agreement_power = 0;
  CHECK(Decide(c, t).decision == Decision::kAnswer);
  t.agreement_power = 1;
  CHECK(Decide(c, t).decision == Decision::kHandoff);
}

TEST_CASE("a hand-off that only the agreement caused is out of scope", "[calibration]") {
  DecisionThresholds t = Policy();  // answer 0.6
  t.agreement_power = 2;
  Classification c = Make({0.8, 0.1}, /*max_similarity=*/0.7);  // near an example
  c.ranked[0].agreement = 0.5;
  ApplyMix(t.mix, &c, t.agreement_power);
  DecisionResult r = Decide(c, t);
  CHECK(r.decision == Decision::kHandoff);
  CHECK(r.reason == HandoffReason::kOutOfScope);
  // Without the agreement it is merely unsure.
  Classification unsure = Make({0.5, 0.1}, 0.7);
  CHECK(Decide(unsure, t).reason == HandoffReason::kLowConfidence);
}

TEST_CASE("Calibrate weighs the agreement when it tells lookalikes from right answers",
          "[calibration]") {
  std::vector<CalibrationSample> samples;
  // In scope: confident and made of the entry's words.
  for (int i = 0; i < 100; ++i) samples.push_back({Make({0.4 + 0.005 * i, 0.05}), 0});
  // Out of scope: just as confident, but sharing few of the entry's words.
  for (int i = 0; i < 60; ++i) {
    Classification c = Make({0.4 + 0.008 * i, 0.05});
    c.ranked[0].agreement = 0.3;
    samples.push_back({c, -1});
  }
  CalibrationOptions options;
  options.min_oos_recall = 0.95;
  const DecisionThresholds without = Calibrate(samples, options);
  CHECK(without.agreement_power == 0);
  options.agreement_powers = {0.0, 1.0, 2.0};
  const DecisionThresholds with = Calibrate(samples, options);
  CHECK(with.agreement_power > 0);
  std::size_t right_without = 0, right_with = 0, handed = 0;
  for (const CalibrationSample& s : samples) {
    Classification a = s.classification, b = s.classification;
    ApplyMix(without.mix, &a, without.agreement_power);
    ApplyMix(with.mix, &b, with.agreement_power);
    if (s.intent == 0) {
      right_without += Decide(a, without).decision == Decision::kAnswer;
      right_with += Decide(b, with).decision == Decision::kAnswer;
    } else {
      handed += Decide(b, with).decision == Decision::kHandoff;
    }
  }
  CHECK(handed >= 57);  // 95% of 60
  CHECK(right_with == 100);
  CHECK(right_without < 30);
}

TEST_CASE("Calibrate with few out-of-scope samples keeps the first agreement power",
          "[calibration]") {
  std::vector<CalibrationSample> samples;
  for (int i = 0; i < 20; ++i) samples.push_back({Make({0.5, 0.05}), 0});
  for (int i = 0; i < 10; ++i) samples.push_back({Make({0.2, 0.05}), -1});
  CalibrationOptions options;
  options.agreement_powers = {1.0, 0.0, 3.0};
  CHECK(Calibrate(samples, options).agreement_power == 1.0);
}

TEST_CASE("a wrong-answer cost keeps the answer threshold above unreliable answers",
          "[calibration]") {
  std::vector<CalibrationSample> samples;
  // Right answers from 0.5 up; below, wrong ones (the top intent is not the right one).
  for (int i = 0; i < 60; ++i) samples.push_back({Make({0.5 + 0.005 * i, 0.05}), 0});
  for (int i = 0; i < 30; ++i) samples.push_back({Make({0.2 + 0.005 * i, 0.05}), 1});
  // Out of scope: all far below.
  for (int i = 0; i < 60; ++i) samples.push_back({Make({0.05, 0.04}), -1});
  CalibrationOptions options;
  options.mixes = {0.8};
  const DecisionThresholds accuracy_only = Calibrate(samples, options);
  CHECK(accuracy_only.answer < 0.2);  // recall is met low: wrong answers are not counted
  options.wrong_answer_cost = 1.0;
  const DecisionThresholds costed = Calibrate(samples, options);
  CHECK(costed.answer > 0.35);
  CHECK(costed.answer <= 0.5);
}
