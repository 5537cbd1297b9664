// Tests for the decision policy and for threshold calibration.
#include "relais/engine/calibration.h"

#include <catch2/catch_test_macros.hpp>
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

TEST_CASE("Names of decisions and reasons", "[calibration]") {
  CHECK(std::string(DecisionName(Decision::kAnswer)) == "answer");
  CHECK(std::string(DecisionName(Decision::kClarify)) == "clarify");
  CHECK(std::string(DecisionName(Decision::kHandoff)) == "handoff");
  CHECK(std::string(HandoffReasonName(HandoffReason::kOutOfScope)) == "out_of_scope");
  CHECK(std::string(HandoffReasonName(HandoffReason::kLowConfidence)) == "low_confidence");
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
