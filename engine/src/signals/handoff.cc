// Hand-off requests: DetectHandoffRequest (signals.h). The rules and their
// trade-offs are described in the header; the word lists are below.
#include <algorithm>
#include <span>
#include <string_view>

#include "relais/engine/signals.h"
#include "signals/prepared_signals.h"
#include "text/signal_words.h"

namespace relais::engine {
namespace {

using signal_words::JoinWords;
using signal_words::MatchPhraseAt;

struct Noun {
  std::string_view phrase;  // folded words separated by spaces
  bool strong;              // unambiguously "a person who works here"
  bool needs_determiner;    // "person", "personne": only after "a", "une", "real"...
  bool professional;        // "agent", "representative": also an immigration or
                            // travel professional, so not when a purpose follows
  bool not_after_pronoun;   // "conseiller" is also the verb "to advise"
};

// Longest phrases first where one is a prefix of another.
constexpr Noun kNouns[] = {
    {"service a la clientele", true, false, false, false},
    {"service clientele", true, false, false, false},
    {"service client", true, false, false, false},
    {"customer service", true, false, false, false},
    {"customer support", true, false, false, false},
    {"live agent", true, false, false, false},
    {"live person", true, false, false, false},
    {"live human", true, false, false, false},
    {"real person", true, false, false, false},
    {"real human", true, false, false, false},
    {"actual person", true, false, false, false},
    {"actual human", true, false, false, false},
    {"human being", true, false, false, false},
    {"etre humain", true, false, false, false},
    {"vraie personne", true, false, false, false},
    {"vrai humain", true, false, false, false},
    {"personne reelle", true, false, false, false},
    {"agent", true, false, true, false},
    {"agente", true, false, true, false},
    {"agents", true, false, true, false},
    {"human", true, false, false, false},
    {"humain", true, false, false, false},
    {"humaine", true, false, false, false},
    {"representative", true, false, true, false},
    {"rep", true, false, true, false},
    {"operator", true, false, false, false},
    {"operateur", true, false, false, false},
    {"operatrice", true, false, false, false},
    {"advisor", true, false, false, false},
    {"adviser", true, false, false, false},
    {"conseiller", true, false, false, true},
    {"conseillere", true, false, false, true},
    {"prepose", true, false, false, false},
    {"preposee", true, false, false, false},
    {"supervisor", true, false, false, false},
    {"superviseur", true, false, false, false},
    {"responsable", true, false, false, false},
    {"person", false, true, false, false},
    {"personne", false, true, false, false},
    {"someone", false, false, false, false},
    {"somebody", false, false, false, false},
    {"anyone", false, false, false, false},
    {"anybody", false, false, false, false},
    {"quelqu'un", false, false, false, false},
    {"staff", false, false, false, false},
    {"employee", false, false, false, false},
    {"employe", false, false, false, false},
    {"fonctionnaire", false, false, false, false},
    {"officer", false, false, false, false},
};

struct Verb {
  std::string_view phrase;
  bool strong_nouns_only;  // "want", "need", "veux": only with an unambiguous person
  std::string_view base;   // the infinitive, when narration ("j'ai parle") is possible
};

constexpr Verb kVerbs[] = {
    {"talk", false, ""},
    {"speak", false, ""},
    {"chat", false, ""},
    {"connect", false, ""},
    {"transfer", false, ""},
    {"reach", false, ""},
    {"contact", false, ""},
    {"escalate", false, ""},
    {"put me through", false, ""},
    {"get in touch", false, ""},
    {"parler", false, "parler"},
    {"discuter", false, "discuter"},
    {"clavarder", false, "clavarder"},
    {"joindre", false, "joindre"},
    {"rejoindre", false, "rejoindre"},
    {"contacter", false, "contacter"},
    {"transferer", false, "transferer"},
    {"want", true, ""},
    {"need", true, ""},
    {"get", true, ""},
    {"give me", true, ""},
    {"can i have", true, ""},
    {"could i have", true, ""},
    {"may i have", true, ""},
    {"ask for", true, ""},
    {"request", true, ""},
    {"demand", true, ""},
    {"veux", true, ""},
    {"voudrais", true, ""},
    {"aimerais", true, ""},
    {"besoin", true, ""},
    {"avoir", true, ""},
    {"passer", true, "passer"},
    {"demande", true, ""},
    {"exige", true, ""},
};

// Words allowed between a verb and its person ("talk to a real person", "parler
// directement avec un agent").
// clang-format off
constexpr std::string_view kFillers[] = {
    "a", "an", "the", "to", "with", "me", "some", "real", "live", "actual", "please", "directly",
    "now", "just", "your", "one", "another", "other", "different", "au", "aux", "avec", "un", "une",
    "le", "la", "l'", "les", "des", "du", "de", "d'", "vrai", "vraie", "svp", "votre", "vos", "m'",
    "moi", "directement", "maintenant", "autre", "en", "by", "over", "phone", "telephone", "on",
};

// Before a person that needs one ("a person", "une vraie personne").
constexpr std::string_view kDeterminers[] = {
    "a", "an", "the", "another", "one", "real", "actual", "live", "une", "la", "vraie", "vrai",
    "autre", "cette",
};

// Everything a message may contain besides a person and still be a bare request
// ("agent please", "un humain svp", "hello, a real person now").
constexpr std::string_view kBareRequestWords[] = {
    "please", "svp", "merci", "thanks", "thx", "thank", "you", "s'", "il", "vous", "plait", "sil",
    "hi", "hello", "hey", "bonjour", "allo", "salut", "ok", "okay", "oui", "yes", "now",
    "maintenant", "asap", "vite", "urgent", "i", "je", "j'", "want", "need", "veux", "voudrais",
    "aimerais", "besoin", "d'", "de", "un", "une", "a", "an", "the", "le", "la", "l'", "just",
    "only", "seulement", "directly", "directement", "again", "encore", "another", "autre", "help",
    "aide", "aidez", "me", "moi", "m'", "talk", "speak", "parler", "right", "away", "tout", "suite",
    "give", "get", "my", "mon", "dear", "beaucoup", "real", "vrai", "vraie", "live", "actual",
};

// Negations that cancel a request when they come shortly before its verb.
// ("no" is left out: "no, I want a human" is a request.)
constexpr std::string_view kNegations[] = {
    "not", "don't", "never", "doesn't", "won't", "pas", "jamais", "sans", "without",
};
// A negation right after one of these is an inability, which still asks for help
// ("je ne peux pas parler a un agent?", "can not reach anyone").
constexpr std::string_view kAbility[] = {
    "can", "peux", "peut", "pouvez", "pouvons", "arrive", "reussis",
};
// French auxiliaries that make "parle", "contacte" a past participle (narration).
constexpr std::string_view kAuxiliaries[] = {
    "ai", "as", "a", "avons", "avez", "ont", "avais", "avait", "deja",
};
// Subjects that make "parle", "contacte" a present tense: "est-ce que je parle a
// une vraie personne" asks who is answering, it does not ask for someone.
constexpr std::string_view kPresentSubjects[] = {"je", "j'", "on", "tu"};
// Between a person and an auxiliary: "l'agente m'a aide" (narration).
constexpr std::string_view kObjectPronouns[] = {"m'", "me", "nous", "vous", "lui", "t'", "te"};

// Call-back phrases. "Call me" is also naming ("call me Sam", "what will you call
// me", "call me a taxi"), so it counts only at the end of the message or before one
// of kCallbackFollowers, not after kCallbackBlockers, and not in a message about names.
constexpr std::string_view kCallbackPhrases[] = {
    "call me", "phone me", "ring me", "give me a call", "callback", "rappelez moi", "rappelle moi",
    "appelez moi", "appelle moi", "me rappeler", "me rappelez", "me telephoner", "telephonez moi",
    "m' appeler", "m' appelez",
};
constexpr std::string_view kCallbackFollowers[] = {
    "back", "please", "asap", "now", "at", "on", "tomorrow", "today", "tonight", "when", "as", "if",
    "later", "soon", "right", "directly", "regarding", "about", "thanks", "thank", "svp", "s'",
    "sil", "merci", "au", "a", "des", "demain", "aujourd'hui", "quand", "rapidement", "vite", "sur",
    "ce", "cet", "cette", "maintenant", "apres", "avant", "le", "pour", "concernant", "asap",
    "urgently", "immediately", "plz", "again",
};
constexpr std::string_view kCallbackBlockers[] = {
    "they", "he", "she", "it", "people", "who", "that", "which", "never", "don't", "doesn't",
    "didn't", "not", "keep", "keeps", "always", "pas", "ca", "il", "elle", "ils", "friends",
};
// "tried to call me", "supposed to call me": narration.
constexpr std::string_view kCallbackNarration[] = {
    "tried", "try", "trying", "supposed", "forgot", "refused", "essaye",
};
constexpr std::string_view kNamingWords[] = {
    "name", "named", "nickname", "nom", "surnom", "prenom", "what", "which", "comment", "taxi",
    "uber", "cab",
};
// Looking for a person without a request verb before the person.
constexpr std::string_view kPresencePhrases[] = {
    "anyone there", "anybody there", "someone there", "anyone here", "is anyone there",
    "who can i talk to", "who can i speak to", "who can i speak with", "who do i talk to",
    "who do i speak to", "someone i can talk to", "someone i can speak to", "y a quelqu'un",
    "ya quelqu'un", "il y a quelqu'un", "quelqu'un est la", "a qui parler", "a qui puis je parler",
    "a qui je peux parler", "quelqu'un a qui parler", "quelqu'un a qui je peux parler",
};
constexpr std::string_view kLiveChatPhrases[] = {
    "live chat", "chat live", "live support", "chat en direct", "clavardage en direct",
    "clavarder en direct", "discuter en direct", "clavardage avec un agent",
};
// A question about when people or the live chat can be reached, or how long they
// take ("what hours is the live chat open", "a quelle heure puis-je clavarder avec
// un agent", "how long is the wait for a chat agent"), is about a contact option,
// which an entry answers, not a request to be handed over now. Question phrases,
// not single words: "I've waited 2 hours, I want a human" and "my file is closed,
// I want to talk to an agent" are requests.
constexpr std::string_view kAvailabilityPhrases[] = {
    "what time", "what hours", "which hours", "opening hours", "chat hours", "hours of",
    "when is", "when are", "when can", "when do", "when does", "when will", "schedule",
    "quelle heure", "quelles heures", "heures du", "heures de", "heures d'", "horaire",
    "horaires", "quand est", "quand sont", "quand le", "quand la", "quand les", "quand puis",
    "quand peut", "quand pouvez", "quand etes", "how long is the wait", "wait time",
    "waiting time", "temps d' attente", "delai d' attente",
};

// Real words one typo away from a person, which must not be read as one.
constexpr std::string_view kNotPersons[] = {
    "argent", "agence", "stuff", "urgent", "humour", "persona", "sneak",
};
// clang-format on

template <std::size_t N>
bool In(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

bool Negated(const std::vector<std::string>& w, std::size_t verb_at) {
  const std::size_t from = verb_at >= 3 ? verb_at - 3 : 0;
  for (std::size_t i = from; i < verb_at; ++i) {
    if (In(kNegations, w[i]) && !(i > 0 && In(kAbility, w[i - 1]))) return true;
  }
  return false;
}

// The longest person at `at`, or nullptr. Sets *end past it.
const Noun* PersonAt(const std::vector<std::string>& w, std::size_t at, std::size_t* end) {
  const Noun* best = nullptr;
  std::size_t best_end = at;
  *end = at;
  if (at >= w.size() || In(kNotPersons, w[at])) return nullptr;
  for (const Noun& noun : kNouns) {
    std::size_t noun_end = 0;
    if (!MatchPhraseAt(w, at, noun.phrase, /*fuzzy=*/true, &noun_end)) continue;
    if (noun_end <= best_end) continue;
    const std::string_view before = at > 0 ? std::string_view(w[at - 1]) : std::string_view();
    if (noun.needs_determiner && !In(kDeterminers, before)) continue;
    if (noun.not_after_pronoun && (before == "me" || before == "m'" || before == "te" ||
                                   before == "nous" || before == "vous")) {
      continue;
    }
    best = &noun;
    best_end = noun_end;
  }
  *end = best_end;
  return best;
}

// "agent to apply", "representative pour ma demande": the professional sense.
bool PurposeFollows(const std::vector<std::string>& w, std::size_t after) {
  return after < w.size() && (w[after] == "to" || w[after] == "pour" || w[after] == "for");
}

// "l'agente m'a beaucoup aide", "the agent has": the person is the subject of a
// past action, a story about someone, not a request for them.
bool ActsInThePast(const std::vector<std::string>& w, std::size_t after) {
  while (after < w.size() && In(kObjectPronouns, w[after])) ++after;
  return after < w.size() && (In(kAuxiliaries, w[after]) || w[after] == "has" ||
                              w[after] == "had" || w[after] == "was");
}

// A conjugated verb form ("parle", not "parler") after an auxiliary or a subject
// pronoun: narration ("j'ai parle a un agent") or the present ("je parle a ...").
bool NotARequestForm(const std::vector<std::string>& w, std::size_t verb_at, const Verb& verb) {
  if (verb.base.empty() || w[verb_at] == verb.base || verb_at == 0) return false;
  const std::string& before = w[verb_at - 1];
  return In(kAuxiliaries, before) || In(kPresentSubjects, before);
}

bool FindPhrase(const std::vector<std::string>& w, std::span<const std::string_view> phrases,
                std::size_t* begin, std::size_t* end) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    for (std::string_view phrase : phrases) {
      if (MatchPhraseAt(w, i, phrase, /*fuzzy=*/false, end)) {
        *begin = i;
        return true;
      }
    }
  }
  return false;
}

}  // namespace

HandoffRequest DetectHandoffRequest(std::string_view text) {
  return DetectHandoffRequest(signal_words::PrepareMessage(text, kMaxSignalInputBytes));
}

HandoffRequest DetectHandoffRequest(const signal_words::MessageWords& message) {
  HandoffRequest result;
  const std::vector<std::string>& w = message.words;

  std::size_t begin = 0;
  std::size_t end = 0;
  if (FindPhrase(w, kCallbackPhrases, &begin, &end)) {
    const bool blocked =
        (begin > 0 && In(kCallbackBlockers, w[begin - 1])) ||
        (begin > 1 && w[begin - 1] == "to" && In(kCallbackNarration, w[begin - 2])) ||
        (end < w.size() && !In(kCallbackFollowers, w[end])) ||
        std::any_of(w.begin(), w.end(),
                    [](const std::string& word) { return In(kNamingWords, word); });
    if (!blocked && !Negated(w, begin)) {
      result.requested = result.callback = true;
      result.evidence = JoinWords(w, begin, end);
      return result;
    }
  }
  std::size_t about_begin = 0;
  const bool about_availability = FindPhrase(w, kAvailabilityPhrases, &about_begin, &end);
  if (!about_availability && FindPhrase(w, kLiveChatPhrases, &begin, &end) && !Negated(w, begin)) {
    result.requested = result.live_chat = true;
    result.evidence = JoinWords(w, begin, end);
    return result;
  }

  if (FindPhrase(w, kPresencePhrases, &begin, &end) && !Negated(w, begin)) {
    result.requested = true;
    result.evidence = JoinWords(w, begin, end);
    return result;
  }

  // A request verb followed, after a few fillers, by a person.
  for (std::size_t i = 0; i < w.size() && !about_availability; ++i) {
    for (const Verb& verb : kVerbs) {
      std::size_t verb_end = 0;
      if (!MatchPhraseAt(w, i, verb.phrase, /*fuzzy=*/true, &verb_end)) continue;
      if (Negated(w, i)) continue;
      if (NotARequestForm(w, i, verb)) continue;
      std::size_t j = verb_end;
      for (int skipped = 0; j < w.size() && skipped < 4; ++skipped, ++j) {
        std::size_t noun_end = 0;
        if (PersonAt(w, j, &noun_end) != nullptr) break;
        if (!In(kFillers, w[j])) break;
      }
      std::size_t noun_end = 0;
      const Noun* noun = j < w.size() ? PersonAt(w, j, &noun_end) : nullptr;
      if (noun == nullptr || (verb.strong_nouns_only && !noun->strong)) continue;
      if (verb.strong_nouns_only && noun->professional && PurposeFollows(w, noun_end)) continue;
      result.requested = true;
      result.evidence = JoinWords(w, i, noun_end);
      return result;
    }
  }

  // A bare request: a clause with only a person and polite or request words
  // ("agent svp", "Bonjour. Un humain, svp", "agent please, this is not working").
  const std::vector<std::size_t>& starts = message.clause_starts;
  for (std::size_t c = 0; c < starts.size(); ++c) {
    const std::size_t clause_end = c + 1 < starts.size() ? starts[c + 1] : w.size();
    bool has_person = false;
    bool bare = true;
    std::size_t first = 0;
    std::size_t last = 0;
    for (std::size_t i = starts[c]; i < clause_end && bare;) {
      std::size_t noun_end = 0;
      const Noun* noun = PersonAt(w, i, &noun_end);
      if (noun != nullptr && noun_end <= clause_end &&
          !(noun->professional && PurposeFollows(w, noun_end)) && !ActsInThePast(w, noun_end)) {
        if (!has_person) first = i;
        has_person = true;
        last = noun_end;
        i = noun_end;
      } else if (In(kBareRequestWords, w[i])) {
        ++i;
      } else {
        bare = false;
      }
    }
    if (has_person && bare) {
      result.requested = true;
      result.evidence = JoinWords(w, first, last);
      return result;
    }
  }
  return result;
}

}  // namespace relais::engine
