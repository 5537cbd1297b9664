#include "relais/engine/calibration.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "det_math.h"

namespace relais::engine {
namespace {

// The confidences a decision looks at, for one sample under one mix.
struct Scored {
  double c1 = 0;  // top confidence
  double c2 = 0;  // second confidence
  bool correct = false;
  bool in_scope = false;
  bool none_likeliest = false;  // handed off whatever the thresholds (NoneLikeliest)
  double similarity = 0;        // max similarity
};

double MixedConfidence(const IntentCandidate& c, double mix) {
  return std::clamp(mix * c.probability + (1.0 - mix) * c.similarity, 0.0, 1.0);
}

// agreement^power with the deterministic exp/log (exact for the powers 0 and 1).
double AgreementFactor(double agreement, double power) {
  if (power == 0 || agreement >= 1) return 1.0;
  if (agreement <= 0) return 0.0;
  if (power == 1) return agreement;
  return internal::DetExp(power * internal::DetLog(agreement));
}

// True when the model's out-of-scope class is likelier than every intent once
// each intent's probability is discounted by its lexical agreement (the
// out-of-scope class has no text to agree with): the question is handed off
// whatever the confidences.
bool NoneLikeliest(const Classification& c, double agreement_power) {
  if (c.out_of_scope_probability <= 0) return false;
  return std::none_of(c.ranked.begin(), c.ranked.end(), [&](const IntentCandidate& candidate) {
    return candidate.probability * AgreementFactor(candidate.agreement, agreement_power) >=
           c.out_of_scope_probability;
  });
}

std::vector<Scored> Score(std::span<const CalibrationSample> samples, double mix,
                          double agreement_power) {
  std::vector<Scored> out;
  out.reserve(samples.size());
  for (const CalibrationSample& s : samples) {
    Classification c = s.classification;
    ApplyMix(mix, &c, agreement_power);
    Scored r;
    r.in_scope = s.intent >= 0;
    r.none_likeliest = NoneLikeliest(c, agreement_power);
    r.similarity = c.max_similarity;
    if (!c.ranked.empty()) {
      r.c1 = c.ranked[0].confidence;
      r.c2 = c.ranked.size() > 1 ? c.ranked[1].confidence : 0.0;
      r.correct = r.in_scope && c.ranked[0].intent == static_cast<std::uint32_t>(s.intent);
    }
    out.push_back(r);
  }
  return out;
}

bool Answered(const Scored& s, double answer, double margin) {
  return !s.none_likeliest && s.c1 >= answer && s.c1 - s.c2 >= margin && s.c1 > 0;
}

bool Clarified(const Scored& s, const DecisionThresholds& t) {
  return !s.none_likeliest && !Answered(s, t.answer, t.margin) && s.c2 >= t.clarify &&
         s.c1 >= t.clarify;
}

// Out-of-scope samples needed before the mix, the agreement power and the margin
// are fitted too.
constexpr std::size_t kMinOosForMargin = 50;

// A value strictly above x, so that "c >= threshold" excludes x itself.
double Above(double x) { return std::nextafter(x, 2.0); }

struct Outcome {
  double utility = -1e300;  // in-scope: (right answers - cost * wrong answers) / questions
  double recall = -1;       // out-of-scope handed off
};

Outcome Evaluate(const std::vector<Scored>& scored, const DecisionThresholds& t,
                 double wrong_answer_cost) {
  std::size_t in = 0, correct = 0, wrong = 0, oos = 0, handed = 0;
  for (const Scored& s : scored) {
    const bool answered = Answered(s, t.answer, t.margin);
    if (s.in_scope) {
      ++in;
      if (answered) ++(s.correct ? correct : wrong);
    } else {
      ++oos;
      if (!answered && !Clarified(s, t)) ++handed;
    }
  }
  const double gain = static_cast<double>(correct) - wrong_answer_cost * static_cast<double>(wrong);
  return {in ? gain / static_cast<double>(in) : 0.0, oos ? static_cast<double>(handed) / oos : 1.0};
}

// The answer threshold reaching `min_recall`: between the k-th and the (k+1)-th
// lowest "answerable" out-of-scope confidences.
double AnswerThresholdFor(const std::vector<Scored>& scored, double margin, double min_recall) {
  std::vector<double> oos;
  for (const Scored& s : scored) {
    if (s.in_scope) continue;
    // Out-of-scope samples that fail the margin, or that the model itself finds
    // out of scope, are handed off whatever the threshold.
    oos.push_back(!s.none_likeliest && s.c1 - s.c2 >= margin && s.c1 > 0 ? s.c1 : -1.0);
  }
  if (oos.empty()) return 0.0;
  std::sort(oos.begin(), oos.end());
  const auto need = static_cast<std::size_t>(std::ceil(min_recall * oos.size() - 1e-9));
  if (need == 0) return 0.0;
  if (need >= oos.size()) return Above(oos.back());
  // Halfway to the next out-of-scope confidence: the widest margin on both
  // sides, which matters with few samples (just above oos[need - 1] would meet
  // the target exactly on these samples and fall short on new ones).
  return std::max(0.0, Above(oos[need - 1] + (oos[need] - oos[need - 1]) / 2));
}

// The similarity under which at most 5% of correctly classified in-scope samples fall.
double OutOfScopeSimilarity(const std::vector<Scored>& scored, double fallback) {
  std::vector<double> sims;
  for (const Scored& s : scored) {
    if (s.correct) sims.push_back(s.similarity);
  }
  if (sims.empty()) return fallback;
  std::sort(sims.begin(), sims.end());
  return sims[sims.size() / 20];
}

// True when the classifier alone (without the lexical agreement) would have been
// sure enough to answer: the hand-off then comes from the question's words not
// being the entry's, i.e. the question is out of scope.
bool AgreementVetoed(const Classification& classification, const DecisionThresholds& t) {
  if (t.agreement_power == 0) return false;
  return std::any_of(classification.ranked.begin(), classification.ranked.end(),
                     [&](const IntentCandidate& c) {
                       return c.agreement < 1 && MixedConfidence(c, t.mix) >= t.answer;
                     });
}

// Whether outcome `o` beats `best` for a recall target: meeting it first, then
// in-scope utility, then recall.
bool Better(const Outcome& o, const Outcome& best, double min_recall) {
  const bool meets = o.recall >= min_recall;
  const bool best_meets = best.recall >= min_recall;
  if (meets != best_meets) return meets;
  if (!meets) return o.recall > best.recall;
  return o.utility > best.utility || (o.utility == best.utility && o.recall > best.recall);
}

// The answer threshold, at least `floor`, of best in-scope utility when a wrong
// answer costs `cost` right ones: raising it from `floor` trades the in-scope
// answers it loses, right and wrong. Halfway between two answered confidences,
// as AnswerThresholdFor.
double UtilityThreshold(const std::vector<Scored>& scored, double margin, double floor,
                        double cost) {
  if (cost <= 0) return floor;
  std::vector<std::pair<double, bool>> answerable;  // (confidence, right), in scope
  for (const Scored& s : scored) {
    if (s.in_scope && Answered(s, floor, margin)) answerable.emplace_back(s.c1, s.correct);
  }
  std::sort(answerable.begin(), answerable.end(), std::greater<>());
  // Lowering the threshold past the i-th confidence adds its question.
  double gain = 0;
  double best_gain = 0;
  std::size_t best_count = 0;
  for (std::size_t i = 0; i < answerable.size(); ++i) {
    gain += answerable[i].second ? 1.0 : -cost;
    if (gain > best_gain) {
      best_gain = gain;
      best_count = i + 1;
    }
  }
  if (best_count == answerable.size()) return floor;
  if (best_count == 0) return Above(answerable.front().first);
  const double kept = answerable[best_count - 1].first;
  const double dropped = answerable[best_count].first;
  return std::max(floor, Above(dropped + (kept - dropped) / 2));
}

}  // namespace

const char* DecisionName(Decision decision) {
  switch (decision) {
    case Decision::kAnswer:
      return "answer";
    case Decision::kClarify:
      return "clarify";
    default:
      return "handoff";
  }
}

DecisionThresholds DefaultThresholds() { return DecisionThresholds{}; }

bool CandidateOrder(const IntentCandidate& a, const IntentCandidate& b) {
  if (a.confidence != b.confidence) return a.confidence > b.confidence;
  if (a.probability != b.probability) return a.probability > b.probability;
  return a.intent < b.intent;
}

void ApplyMix(double mix, Classification* classification, double agreement_power) {
  for (IntentCandidate& c : classification->ranked) {
    c.confidence = MixedConfidence(c, mix) * AgreementFactor(c.agreement, agreement_power);
  }
  std::sort(classification->ranked.begin(), classification->ranked.end(), CandidateOrder);
}

DecisionResult Decide(const Classification& classification, const DecisionThresholds& t) {
  DecisionResult result;
  const auto& ranked = classification.ranked;
  if (ranked.empty()) {
    // Words the model has never seen are out of scope; no word at all is unclear.
    result.reason = classification.feature_count > 0 ? HandoffReason::kOutOfScope
                                                     : HandoffReason::kLowConfidence;
    return result;
  }
  if (NoneLikeliest(classification, t.agreement_power)) {
    result.reason = HandoffReason::kOutOfScope;
    return result;
  }
  const double c1 = ranked[0].confidence;
  const double c2 = ranked.size() > 1 ? ranked[1].confidence : 0.0;
  if (c1 > 0 && c1 >= t.answer && c1 - c2 >= t.margin) {
    result.decision = Decision::kAnswer;
    result.reason = HandoffReason::kNone;
    result.candidates.push_back(0);
    return result;
  }
  // A clarification offers at least two plausible entries: never one alone, never
  // one of zero confidence (a calibrated clarify threshold can be 0).
  if (ranked.size() >= 2 && c2 > 0 && c1 >= t.clarify && c2 >= t.clarify &&
      t.max_clarify_candidates >= 2) {
    result.decision = Decision::kClarify;
    result.reason = HandoffReason::kNone;
    for (std::uint32_t i = 0; i < ranked.size() && i < t.max_clarify_candidates; ++i) {
      if (ranked[i].confidence >= t.clarify && ranked[i].confidence > 0) {
        result.candidates.push_back(i);
      }
    }
    return result;
  }
  const bool out_of_scope = classification.max_similarity < t.out_of_scope_similarity ||
                            AgreementVetoed(classification, t);
  result.reason = out_of_scope ? HandoffReason::kOutOfScope : HandoffReason::kLowConfidence;
  return result;
}

DecisionThresholds Calibrate(std::span<const CalibrationSample> samples,
                             const CalibrationOptions& options) {
  DecisionThresholds best = DefaultThresholds();
  if (samples.empty()) return best;
  if (!options.agreement_powers.empty()) best.agreement_power = options.agreement_powers.front();
  const bool has_oos = std::any_of(samples.begin(), samples.end(),
                                   [](const CalibrationSample& s) { return s.intent < 0; });
  if (!has_oos) {
    // Keep `in_scope_coverage` of the correct answers above the threshold.
    const std::vector<Scored> scored = Score(samples, best.mix, best.agreement_power);
    std::vector<double> correct;
    for (const Scored& s : scored) {
      if (s.correct) correct.push_back(s.c1);
    }
    if (!correct.empty()) {
      std::sort(correct.begin(), correct.end());
      const auto drop = static_cast<std::size_t>((1.0 - options.in_scope_coverage) *
                                                 static_cast<double>(correct.size()));
      best.answer = correct[std::min(drop, correct.size() - 1)];
      best.clarify = std::min(best.clarify, best.answer);
      best.out_of_scope_similarity = OutOfScopeSimilarity(scored, best.out_of_scope_similarity);
    }
    return best;
  }
  // The mix, the agreement power and the margin are more degrees of freedom
  // fitted to the out-of-scope samples: only searched when there are enough of
  // them not to over-fit; otherwise the defaults (first power) are kept.
  static constexpr double kMargins[] = {0.0, 0.02, 0.05, 0.1};
  const auto n_oos = static_cast<std::size_t>(std::count_if(
      samples.begin(), samples.end(), [](const CalibrationSample& s) { return s.intent < 0; }));
  const bool search = n_oos >= kMinOosForMargin;
  const std::size_t n_margins = search ? std::size(kMargins) : 1;
  const std::vector<double> mixes =
      search && !options.mixes.empty() ? options.mixes : std::vector<double>{best.mix};
  const std::vector<double> powers = search && !options.agreement_powers.empty()
                                         ? options.agreement_powers
                                         : std::vector<double>{best.agreement_power};
  Outcome best_outcome;
  std::vector<Scored> best_scored;
  for (double power : powers) {
    for (double mix : mixes) {
      const std::vector<Scored> scored = Score(samples, mix, power);
      for (std::size_t m = 0; m < n_margins; ++m) {
        DecisionThresholds t = best;
        t.mix = mix;
        t.agreement_power = power;
        t.margin = kMargins[m];
        t.answer = UtilityThreshold(scored, t.margin,
                                    AnswerThresholdFor(scored, t.margin, options.min_oos_recall),
                                    options.wrong_answer_cost);
        t.clarify = 2.0;  // no clarification while choosing the answer threshold
        const Outcome o = Evaluate(scored, t, options.wrong_answer_cost);
        if (Better(o, best_outcome, options.min_oos_recall)) {
          best = t;
          best_outcome = o;
          best_scored = scored;
        }
      }
    }
  }
  // Open the clarify band below the answer threshold only as far as the
  // out-of-scope recall holds (a clarification is not a hand-off); a clarify
  // threshold above 1 disables clarification.
  best.clarify = 2.0;
  const double recall_floor = std::min(best_outcome.recall, options.min_oos_recall);
  for (int step = 0; step <= 20; ++step) {
    DecisionThresholds t = best;
    t.clarify = std::max(0.0, best.answer - 0.01 * step);
    if (Evaluate(best_scored, t, options.wrong_answer_cost).recall < recall_floor) break;
    best.clarify = t.clarify;
  }
  best.out_of_scope_similarity = OutOfScopeSimilarity(best_scored, best.out_of_scope_similarity);
  return best;
}

}  // namespace relais::engine
