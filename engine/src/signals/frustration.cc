// Frustration: DetectFrustration and IsRepeatedQuestion (signals.h).
//
// Score: complaint words and phrases 2 each (at most 4 in total), profanity 2
// (counted once), ALL CAPS 1, repeated "!!!"/"???" 1, the question repeated after an
// answer 2 (3 when repeated twice or more), two or more failed turns in a row 1.
// Level: 0 for a score of 0, 1 for 1, 2 for 2-3, 3 for 4 and more.
#include <algorithm>
#include <span>
#include <string>

#include "relais/engine/signals.h"
#include "relais/engine/stop_words.h"
#include "relais/engine/utf8.h"
#include "signals/prepared_signals.h"
#include "text/signal_words.h"

namespace relais::engine {
namespace {

using signal_words::MatchPhraseAt;

constexpr int kComplaintWeight = 2;
constexpr int kMaxComplaintScore = 4;
constexpr int kProfanityWeight = 2;
constexpr int kCapsWeight = 1;
constexpr int kPunctuationWeight = 1;
constexpr int kRepeatWeight = 2;
constexpr int kRepeatedFailuresWeight = 1;
// ALL CAPS needs this many letters, so that "SVP" or "NAS" alone are not shouting.
constexpr std::size_t kMinCapsLetters = 10;
// Share of a message's content words that must reappear for it to be a repeat.
constexpr double kRepeatSimilarity = 0.7;
// Questions are short: only the first content words of a message are compared, which
// bounds the quadratic comparison whatever the input.
constexpr std::size_t kMaxContentWords = 48;

// Complaints about the service or the assistant, folded. Phrases are word sequences,
// matched with typos (words of five letters or more) unless marked '=' (exact: "tanne"
// is one letter from "tante", "worst" from "worse").
// clang-format off
constexpr std::string_view kComplaints[] = {
    // English. "Not working" alone is a problem report ("my card is not working", "I'm
    // not working": unemployment), so only "it"/"this"/"still" forms count.
    "useless", "unhelpful", "not helpful", "no help", "pointless", "stupid", "=dumb", "=idiot",
    "idiotic", "ridiculous", "absurd", "terrible", "horrible", "=awful", "=worst",
    "this is garbage", "this is trash", "it's garbage", "it's trash", "you're garbage",
    "you're trash", "total garbage", "piece of garbage", "annoying", "frustrating", "frustrated",
    "fed up", "sick of", "waste of time", "it doesn't work", "it does not work",
    "this doesn't work", "this does not work", "still doesn't work", "still not working",
    "it's not working", "it is not working", "this isn't working", "this is not working",
    "nothing works", "doesn't help", "you don't understand", "you do not understand",
    "not what i asked", "already told you", "i already said", "makes no sense", "are you kidding",
    "=moron", "pathetic", "incompetent", "nonsense", "=sucks", "you suck", "hate this", "hate you",
    "disappointed", "disappointing",
    // French. Likewise "ma carte marche pas" is a problem report; "ca marche pas" is
    // exasperation.
    "inutile", "=nul", "=nulle", "stupide", "debile", "idiote", "ridicule", "n' importe quoi",
    "nimporte quoi", "ca marche pas", "ca ne marche pas", "ca fonctionne pas",
    "ca ne fonctionne pas", "rien ne marche", "rien ne fonctionne", "marche toujours pas",
    "fonctionne toujours pas", "sert a rien", "sers a rien", "servez a rien", "tu comprends rien",
    "tu comprends pas", "tu ne comprends pas", "tu ne comprends rien", "vous comprenez pas",
    "vous ne comprenez pas", "vous ne comprenez rien", "pas ce que j' ai demande", "deja dit",
    "perte de temps", "frustrant", "frustre", "frustree", "=tanne", "=tannee", "ecoeure",
    "ecoeuree", "ecoeurant", "=marre", "ras le bol", "pas clair", "aucune aide", "pas utile",
    "pas de sens", "lamentable", "pitoyable", "imbecile", "cretin", "abruti", "deteste",
    "c'est poche", "c' est poche", "=decu", "=decue", "decevant", "ca craint",
};

// Where a complaint word starts one of these, it means something else.
constexpr std::string_view kNotComplaints[] = {
    "nulle part", "nul part", "nul besoin", "nul doute",
};

// Words that carry no meaning for telling two questions apart, beyond stop words.
constexpr std::string_view kNotContent[] = {
    "how", "what", "where", "when", "why", "who", "which", "can", "want", "need", "please",
    "thanks", "thank", "comment", "quoi", "ou", "quand", "pourquoi", "qui", "quel", "quelle",
    "quels", "quelles", "veux", "voudrais", "peux", "svp", "merci", "get",
};

// Profanity and insults, matched exactly (many are one letter away from ordinary
// words: "crisse" / "crise").
constexpr std::string_view kProfanity[] = {
    "fuck", "fucking", "fck", "fk", "fuckin", "wtf", "ffs", "stfu", "shit", "bullshit", "crap",
    "damn", "dammit", "goddamn", "asshole", "bitch", "merde", "putain", "bordel", "chier",
    "connard", "connasse", "tabarnak", "tabarnac", "tabarouette", "criss", "crisse", "calice",
    "caliss", "calisse", "ostie", "osti", "esti", "sacrament", "ciboire", "maudit", "maudite",
    "fucked", "shitty", "crappy",
};
// clang-format on

// The first complaint phrase at each position, left to right, without overlaps.
std::vector<std::string> FindComplaints(const std::vector<std::string>& w) {
  std::vector<std::string> found;
  for (std::size_t i = 0; i < w.size();) {
    std::size_t best_end = i;
    for (std::string_view phrase : kNotComplaints) {
      std::size_t end = 0;
      if (MatchPhraseAt(w, i, phrase, /*fuzzy=*/false, &end)) best_end = std::max(best_end, end);
    }
    if (best_end > i) {  // not a complaint: skip it
      i = best_end;
      continue;
    }
    for (std::string_view phrase : kComplaints) {
      const bool exact = phrase.front() == '=';
      if (exact) phrase.remove_prefix(1);
      std::size_t end = 0;
      if (MatchPhraseAt(w, i, phrase, !exact, &end) && end > best_end) best_end = end;
    }
    if (best_end > i) {
      found.push_back(signal_words::JoinWords(w, i, best_end));
      i = best_end;
    } else {
      ++i;
    }
  }
  return found;
}

// True when the letters of `text` are (nearly) all capitals and there are enough.
bool IsShouting(std::string_view text) {
  std::size_t upper = 0;
  std::size_t lower = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const Utf8Char c = DecodeUtf8(text, pos);
    pos += c.length;
    if (!c.valid) continue;
    const char32_t cp = c.code_point;
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) {
      ++upper;
    } else if ((cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7)) {
      ++lower;
    }
  }
  return upper >= kMinCapsLetters && upper >= 9 * lower;
}

// The longest run of '!' and '?' when it is "!!", "???", "?!?"... (two or more),
// empty otherwise. A single "?" or "!" is ordinary punctuation.
std::string RepeatedPunctuation(std::string_view text) {
  std::size_t best_begin = 0;
  std::size_t best_length = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t j = i;
    while (j < text.size() && (text[j] == '!' || text[j] == '?')) ++j;
    if (j - i > best_length) {
      best_begin = i;
      best_length = j - i;
    }
    i = j > i ? j : i + 1;
  }
  if (best_length < 2) return "";
  // "??" alone is a puzzled question; three marks, or any "!!", is exasperation.
  const std::string_view run = text.substr(best_begin, std::min<std::size_t>(best_length, 8));
  if (best_length == 2 && run == "??") return "";
  return std::string(run);
}

// Content words of a message's prepared words: without stop words and elisions.
std::vector<std::string> ContentWords(std::vector<std::string> words) {
  std::vector<std::string> content;
  for (std::string& word : words) {
    std::string_view bare = word;
    if (signal_words::IsFrenchElision(bare)) continue;
    if (IsStopWord(bare, TextLanguage::kUnknown)) continue;
    if (std::find(std::begin(kNotContent), std::end(kNotContent), bare) != std::end(kNotContent)) {
      continue;
    }
    content.push_back(std::move(word));
    if (content.size() == kMaxContentWords) break;
  }
  return content;
}

// Content words of a message: folded, without stop words and elisions.
std::vector<std::string> ContentWords(std::string_view text) {
  return ContentWords(signal_words::PrepareMessage(text, kMaxSignalInputBytes).words);
}

// Same word up to a typo, an ending ("renew" / "renewal", "passeport" / "passeports")
// or an elision typed without its apostrophe ("douverture" / "ouverture").
bool SameWord(std::string_view a, std::string_view b) {
  if (signal_words::TypoMatch(a, b) || signal_words::TypoMatch(b, a)) return true;
  if (a.size() < b.size()) std::swap(a, b);
  if (b.size() >= 5 && a.size() - b.size() <= 2 && a.substr(a.size() - b.size()) == b) {
    return true;
  }
  std::size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  return common >= 5;
}

double Similarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  auto covered = [](const std::vector<std::string>& from, const std::vector<std::string>& in) {
    std::size_t n = 0;
    for (const std::string& word : from) {
      n += std::any_of(in.begin(), in.end(),
                       [&](const std::string& other) { return SameWord(word, other); });
    }
    return static_cast<double>(n) / static_cast<double>(from.size());
  };
  return std::min(covered(a, b), covered(b, a));
}

}  // namespace

bool IsRepeatedQuestion(std::string_view text, std::string_view previous) {
  return Similarity(ContentWords(text), ContentWords(previous)) >= kRepeatSimilarity;
}

Frustration DetectFrustration(std::string_view text,
                              std::span<const ConversationTurn> previous_turns) {
  return DetectFrustration(text, signal_words::PrepareMessage(text, kMaxSignalInputBytes),
                           previous_turns);
}

Frustration DetectFrustration(std::string_view text, const signal_words::MessageWords& message,
                              std::span<const ConversationTurn> previous_turns) {
  Frustration result;
  const std::string_view input = TruncateUtf8(text, kMaxSignalInputBytes);
  const std::vector<std::string>& w = message.words;
  int score = 0;

  int complaint_score = 0;
  for (std::string& complaint : FindComplaints(w)) {
    complaint_score += kComplaintWeight;
    result.reasons.push_back({"negative_words", std::move(complaint)});
  }
  score += std::min(complaint_score, kMaxComplaintScore);

  for (const std::string& word : w) {
    if (std::find(std::begin(kProfanity), std::end(kProfanity), word) != std::end(kProfanity)) {
      score += kProfanityWeight;
      result.reasons.push_back({"profanity", word});
      break;
    }
  }
  if (IsShouting(input)) {
    score += kCapsWeight;
    result.reasons.push_back({"all_caps", ""});
  }
  if (std::string run = RepeatedPunctuation(input); !run.empty()) {
    score += kPunctuationWeight;
    result.reasons.push_back({"repeated_punctuation", std::move(run)});
  }

  const std::span<const ConversationTurn> recent = previous_turns.size() > kMaxSignalHistoryTurns
                                                       ? previous_turns.last(kMaxSignalHistoryTurns)
                                                       : previous_turns;
  const std::vector<std::string> content = ContentWords(w);
  int repeats = 0;
  for (const ConversationTurn& turn : recent) {
    if (turn.outcome == TurnOutcome::kHandedOff) continue;
    if (Similarity(content, ContentWords(turn.user_text)) >= kRepeatSimilarity) ++repeats;
  }
  if (repeats > 0) {
    score += kRepeatWeight + (repeats >= 2 ? 1 : 0);
    result.reasons.push_back({"repeated_question", std::to_string(repeats + 1) + " times"});
  }
  int failures = 0;
  for (auto it = recent.rbegin(); it != recent.rend(); ++it) {
    if (it->outcome != TurnOutcome::kNoAnswer && it->outcome != TurnOutcome::kClarified) break;
    ++failures;
  }
  if (failures >= 2) {
    score += kRepeatedFailuresWeight;
    result.reasons.push_back({"repeated_failures", std::to_string(failures) + " turns"});
  }

  result.level = score == 0 ? 0 : score == 1 ? 1 : score <= 3 ? 2 : 3;
  result.frustrated = result.level >= 2;
  return result;
}

}  // namespace relais::engine
