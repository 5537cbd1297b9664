// Sensitive topics: DetectSensitiveTopic (signals.h).
//
// Conservative by design: phrases rather than single ambiguous words, matched
// exactly on folded words (no typo tolerance except for "suicide" and its forms,
// which have no innocent neighbours), so that "crise" is not "crisse" and
// "demande urgente" is not "urgence". The lists are short and meant to be extended
// by people who know the service; every addition needs a test on both sides.
#include <algorithm>
#include <span>
#include <string>

#include "relais/engine/signals.h"
#include "signals/prepared_signals.h"
#include "text/signal_words.h"

namespace relais::engine {
namespace {

using signal_words::MatchPhraseAt;

struct Category {
  std::string_view name;
  std::span<const std::string_view> phrases;
};

// clang-format off
constexpr std::string_view kSelfHarm[] = {
    "suicide", "suicidal", "suicidaire", "suicider", "kill myself", "killing myself", "end my life",
    "take my own life", "take my life", "want to die", "wanna die", "don't want to live",
    "hurt myself", "harm myself", "self harm", "cut myself", "veux mourir", "envie de mourir",
    "me tuer", "mettre fin a mes jours", "mettre fin a ma vie", "en finir avec la vie",
    "me faire du mal", "automutilation", "me mutiler", "scarifier", "plus envie de vivre",
};
// Matched with typo tolerance (see the file comment).
constexpr std::string_view kSelfHarmFuzzy[] = {
    "suicide", "suicidaire", "suicider", "suicidal",
};

constexpr std::string_view kViolence[] = {
    "kill you", "kill him", "kill her", "kill them", "kill someone", "kill somebody",
    "kill everyone", "i will kill", "i'll kill", "i'm going to kill", "i am going to kill",
    "death threat", "death threats", "threatened to kill", "threatening to kill", "a bomb",
    "the bomb", "bomb threat", "une bombe", "la bombe", "alerte a la bombe", "attentat",
    "fusillade", "te tuer", "vous tuer", "le tuer", "la tuer", "les tuer", "tuer quelqu'un",
    "tuer tout le monde", "je vais tuer", "menace de mort", "menaces de mort", "menace de me tuer",
    "menace de tuer",
};

constexpr std::string_view kAbuse[] = {
    "domestic violence", "family violence", "violence conjugale", "violence familiale",
    "sexual assault", "sexually assaulted", "agression sexuelle", "abus sexuel", "abus sexuels",
    "raped", "rape", "viol", "m' a violee", "ete violee", "ete viole", "child abuse", "elder abuse",
    "being abused", "abused me", "abuses me", "maltraitance", "maltraite", "maltraitee", "hits me",
    "beats me", "beat me up", "me frappe", "me bat", "m' a battu", "m' a battue", "femme battue",
};

constexpr std::string_view kEmergency[] = {
    "urgence", "urgences", "emergency", "en danger", "in danger", "danger de mort", "i'm not safe",
    "i am not safe", "not safe at home", "feel unsafe", "pas en securite", "au secours", "call 911",
    "appelez le 911", "appeler le 911", "911", "9 1 1", "medical emergency", "urgence medicale",
    "overdose", "surdose", "heart attack", "crise cardiaque", "can't breathe", "peux pas respirer",
    "respire plus",
};
// "danger" alone is left out: travel advice ("danger level", "any danger going to
// Brazil") is a common, benign question; "en danger" / "in danger" count.
// "urgence" and "emergency" name services as well as situations: with one of these
// words in the message, they are about the service ("emergency passport", "prestation
// canadienne d'urgence", "emergency contact") and do not count.
constexpr std::string_view kServiceWords[] = {
    "passport", "passeport", "passports", "passeports", "travel", "voyage", "document", "documents",
    "visa", "processing", "traitement", "service", "services", "fee", "fees", "frais",
    "appointment", "rendez", "benefit", "benefits", "prestation", "prestations", "loan", "pret",
    "fund", "fonds", "contact", "contacts", "plan", "kit", "preparedness", "preparation", "alert",
    "alerte", "alertes", "payment", "paiement", "leave", "conge", "card", "carte", "number",
    "numero", "response", "cerb", "pcu", "housing", "logement", "funding", "financement", "program",
    "programme", "measures", "mesures", "savings", "account", "epargne", "compte", "exit", "sortie",
};
// clang-format on

constexpr Category kCategories[] = {
    {"self_harm", kSelfHarm},
    {"violence", kViolence},
    {"abuse", kAbuse},
    {"emergency", kEmergency},
};

bool MentionsService(const std::vector<std::string>& w) {
  return std::any_of(w.begin(), w.end(), [](const std::string& word) {
    return std::find(std::begin(kServiceWords), std::end(kServiceWords), word) !=
           std::end(kServiceWords);
  });
}

}  // namespace

SensitiveTopic DetectSensitiveTopic(std::string_view text) {
  return DetectSensitiveTopic(signal_words::PrepareMessage(text, kMaxSignalInputBytes));
}

SensitiveTopic DetectSensitiveTopic(const signal_words::MessageWords& message) {
  SensitiveTopic result;
  const std::vector<std::string>& w = message.words;
  const bool about_service = MentionsService(w);
  for (const Category& category : kCategories) {
    const bool emergency = category.name == "emergency";
    for (std::size_t i = 0; i < w.size(); ++i) {
      for (std::string_view phrase : category.phrases) {
        std::size_t end = 0;
        if (!MatchPhraseAt(w, i, phrase, /*fuzzy=*/false, &end)) continue;
        if (emergency && about_service &&
            (phrase == "urgence" || phrase == "urgences" || phrase == "emergency")) {
          continue;
        }
        result.detected = true;
        result.category = std::string(category.name);
        result.evidence = signal_words::JoinWords(w, i, end);
        return result;
      }
      if (category.name == "self_harm") {
        for (std::string_view word : kSelfHarmFuzzy) {
          if (signal_words::TypoMatch(w[i], word)) {
            result.detected = true;
            result.category = "self_harm";
            result.evidence = w[i];
            return result;
          }
        }
      }
    }
  }
  return result;
}

}  // namespace relais::engine
