// Calibration and decision: turning a classification into answer / clarify /
// hand-off, with thresholds chosen from labelled data (in-scope questions with
// their intent, out-of-scope questions without) or sensible defaults.
#ifndef RELAIS_ENGINE_CALIBRATION_H_
#define RELAIS_ENGINE_CALIBRATION_H_

#include <cstdint>
#include <span>
#include <vector>

#include "relais/engine/classification.h"
#include "relais/vocabulary.h"

namespace relais::engine {

enum class Decision : std::uint8_t { kAnswer = 0, kClarify = 1, kHandoff = 2 };
// Why a conversation goes to a person, a name of the vocabulary
// (vocabulary/vocabulary.json; vocabulary::Name gives "out_of_scope"...). The
// classifier's policy (Decide) gives out_of_scope (the knowledge base does not
// cover the question) and low_confidence (it might, but no entry is likely
// enough to show); Engine::Ask adds asked_for_human, frustration,
// sensitive_topic and entry_requires_person (`handoff: always`) from signals
// and entry settings. engine_unavailable is the widget's own.
using vocabulary::HandoffReason;

// "answer", "clarify", "handoff".
const char* DecisionName(Decision decision);

// The decision policy. Confidences are IntentCandidate::confidence, in [0,1].
struct DecisionThresholds {
  // confidence = (mix * probability + (1 - mix) * similarity) * agreement^agreement_power
  // (see classification.h). A power of 0 ignores the lexical agreement, as a
  // classifier without the knowledge base's text must (relais-eval).
  double mix = 0.8;
  double agreement_power = 0.0;
  // Answer when the top confidence is >= answer and leads the second by >= margin.
  double answer = 0.25;
  double margin = 0.0;
  // Otherwise clarify (offer the candidates) when the top two are both >= clarify,
  // with at most max_clarify_candidates candidates, each >= clarify.
  double clarify = 0.15;
  std::uint32_t max_clarify_candidates = 3;
  // A hand-off is "out_of_scope" when the best similarity to any training example
  // is below this, or when the lexical agreement alone turned an answer into a
  // hand-off; "low_confidence" otherwise. A question that the model finds likelier
  // out of scope (Classification::out_of_scope_probability) than any intent, each
  // intent's probability times agreement^agreement_power, is always an
  // "out_of_scope" hand-off.
  double out_of_scope_similarity = 0.2;

  bool operator==(const DecisionThresholds&) const = default;
};

// Defaults for a knowledge base without calibration data: the member
// initialisers above, chosen on CLINC150, HWU64 and a French public-service set
// (see engine/tools/README.md), where they answer 90-95% of in-scope questions
// and hand off 87-90% of out-of-scope ones.
DecisionThresholds DefaultThresholds();

struct DecisionResult {
  Decision decision = Decision::kHandoff;
  HandoffReason reason = HandoffReason::kLowConfidence;
  // kAnswer: the answered candidate; kClarify: the candidates to offer;
  // kHandoff: empty. Indices into Classification::ranked.
  std::vector<std::uint32_t> candidates;
};

// Applies `thresholds` to a classification whose confidences were computed with
// thresholds.mix (IntentClassifier does this). Never fails: an empty
// classification (no usable words) is a low-confidence hand-off. Thread-safe.
DecisionResult Decide(const Classification& classification, const DecisionThresholds& thresholds);

// One labelled calibration question, already classified with
// top_k = intents().size() (and, for the agreement powers, each candidate's
// agreement set): Calibrate re-ranks candidates under each mix and power it tries,
// which is exact only when every intent is in the ranking.
struct CalibrationSample {
  Classification classification;  // with candidates' probability and similarity
  std::int32_t intent = -1;       // the right intent index, or -1 for out of scope
};

struct CalibrationOptions {
  // Choose thresholds that maximise in-scope accuracy (answered with the right
  // intent) subject to this out-of-scope recall (handed off) on the samples.
  double min_oos_recall = 0.75;
  // With a positive cost, maximise (right answers - cost * wrong answers) to
  // in-scope questions instead: the answer threshold may then rise above what the
  // recall needs, where low confidences are more often wrong than right.
  double wrong_answer_cost = 0.0;
  // Without out-of-scope samples: the answer threshold keeps this share of the
  // correctly classified in-scope samples answered.
  double in_scope_coverage = 0.95;
  // Mixes tried between probability and similarity (with >= 50 out-of-scope samples).
  std::vector<double> mixes = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
  // Powers of the lexical agreement tried; with fewer than 50 out-of-scope samples
  // only the first. The default ignores the agreement (samples without it).
  std::vector<double> agreement_powers = {0.0};
};

// Chooses thresholds from labelled samples. With out-of-scope samples: the
// answer threshold (and, with at least 50 out-of-scope samples, also the mix, the
// agreement power and the margin; fewer would be over-fitted) of best in-scope
// accuracy (or utility, see wrong_answer_cost) among those meeting min_oos_recall
// (or, if none does, of best recall); the clarify band is then widened only as far
// as it keeps that recall. Without: see in_scope_coverage. With no samples at all:
// DefaultThresholds(). Deterministic; does not keep references.
DecisionThresholds Calibrate(std::span<const CalibrationSample> samples,
                             const CalibrationOptions& options);

// The ranking order: confidence, then probability descending, then intent index.
bool CandidateOrder(const IntentCandidate& a, const IntentCandidate& b);

// Recomputes every candidate's confidence with `mix` and `agreement_power` and
// re-ranks (used by Calibrate, by Engine::Ask once it knows the agreements, and
// by a classifier whose policy changes).
void ApplyMix(double mix, Classification* classification, double agreement_power = 0.0);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_CALIBRATION_H_
