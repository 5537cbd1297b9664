// Language detection for short chat messages ("mot de passe oublié", "lost
// passport", "heures d'ouverture", "¿cómo renuevo mi pasaporte?"), among candidate
// languages: the knowledge base's (Engine passes KbInfo::languages), English and
// French when none are given.
//
// The engine has one language type, TextLanguage (text_language.h), shared with the
// text units; `Language` is the same type under the name the signal units use.
// Conversions to and from codes are TextLanguageCode() and TextLanguageFromCode()
// (region suffixes such as "fr-CA" accepted).
//
// How it decides: the evidence comes from each candidate's language module
// (language_module.h). Each word of the folded message adds the weight its
// lexicons give it (function words such as "les", "de", "the", "my", "los" weigh
// most; common public-service vocabulary such as "passeport" / "passport" next;
// words used in several languages such as "taxes", "agent" or "ok" weigh nothing),
// French elisions ("l'", "d'", "qu'") and English contractions ("don't", "i'm")
// count, accented letters in the raw text count (é è ç for French, ñ ó ¿ for
// Spanish), and words absent from every candidate's lexicon contribute weak
// spelling evidence ("-eux", "-ique", "eau" for French; "-ing", "w", "-ght" for
// English; "-cion", "-dad" for Spanish) to the first module, in registry order,
// that recognises them. The language with the most evidence wins when it leads the
// next one by a margin. A message without evidence ("ok", "2026", "😀", "covid") is
// kUnknown, and a candidate without a module (generic) is only ever chosen by the hint.
//
// Trade-off: lexicons rather than a statistical model keep the engine small and the
// decisions explainable and identical natively and in WebAssembly; the price is that
// a message made only of words outside the lexicons may be kUnknown. The page
// language (the hint overload) covers those.
#ifndef RELAIS_ENGINE_LANGUAGE_H_
#define RELAIS_ENGINE_LANGUAGE_H_

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "relais/engine/text_language.h"

namespace relais::engine {

using Language = TextLanguage;

// At most this many candidate languages are read (a knowledge base's list is
// untrusted input); the others are ignored.
inline constexpr std::size_t kMaxCandidateLanguages = 16;

// English and French: the candidates when none are given.
std::span<const TextLanguage> DefaultCandidateLanguages();

// The evidence for one candidate language.
struct LanguageScore {
  Language language;
  double score = 0.0;
};

// Only the first kMaxLanguageInputBytes bytes of a message are read (cut at a
// character boundary): enough to decide, and bounded whatever the input.
inline constexpr std::size_t kMaxLanguageInputBytes = 4096;

struct LanguageDetection {
  Language language = Language::kUnknown;
  // How sure the detector is of `language`, in [0.5, 1]; 0 for kUnknown. When the
  // language comes from the hint, the confidence that the text alone gave the hint
  // language: 0.5 when the text had no evidence either way, below 0.5 when it leaned
  // slightly the other way.
  double confidence = 0.0;
  bool from_hint = false;  // true when the text was ambiguous and the hint decided
  // The evidence behind the decision, for explanations and tests: French's and
  // English's (0 when not a candidate), and every candidate's, in the order given.
  double french_score = 0.0;
  double english_score = 0.0;
  std::vector<LanguageScore> scores;
};

// Detects whether `text` (UTF-8, untrusted: invalid bytes are skipped) is French or
// English. Never fails: kUnknown with confidence 0 when the text has no evidence or
// the evidence is balanced. Pure and thread-safe.
LanguageDetection DetectLanguage(std::string_view text);

// Same, but when the text alone is ambiguous (kUnknown, or a margin of evidence
// below that of one function word) and `hint` is kFrench or kEnglish (typically the
// page or conversation language), returns the hint with from_hint = true. A clear
// text wins over the hint ("lost passport" on a French page is English). A kUnknown
// hint behaves like the overload without hint. Pure and thread-safe.
LanguageDetection DetectLanguage(std::string_view text, Language hint);

// Same, choosing only among `candidates` (kUnknown and repeated languages are
// skipped; past kMaxCandidateLanguages ignored; none left: kUnknown): the winner
// must lead the runner-up by the margins above, and the hint counts only when it is
// a candidate. With {English, French} this is exactly the overload above. Pure and
// thread-safe.
LanguageDetection DetectLanguage(std::string_view text, Language hint,
                                 std::span<const TextLanguage> candidates);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_LANGUAGE_H_
