#include "relais/engine/language.h"

#include <catch2/catch_test_macros.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <string_view>

namespace relais::engine {
namespace {

// Short citizen questions as typed in a chat box: accents or not, apostrophes or
// not, abbreviations, typos. The second half of each list (from "jai oublié mon mdp" and
// "forgot my pw") was written after the first version of the lexicons, as a held-out
// check: 162 of 168 were right then (6 kUnknown, none wrong); five of its words were
// added to the lexicons afterwards.
// clang-format off
constexpr std::string_view kFrenchPhrases[] = {
    "mot de passe oublié", "mot de passe oublie", "passeport perdu", "rendez-vous",
    "heures d'ouverture", "heures douverture", "merci", "merci beaucoup", "bonjour",
    "comment renouveler mon passeport", "j'ai perdu ma carte", "je veux changer mon adresse",
    "où est le bureau le plus proche", "ou est le bureau", "combien ça coûte", "combien ca coute",
    "délai de traitement", "delai de traitement passeport", "numéro d'assurance sociale",
    "nas perdu", "prestations pour enfants", "allocation canadienne pour enfants",
    "assurance emploi", "demande assurance-emploi", "déclaration de revenus",
    "remboursement d'impôt", "impots en ligne", "mon compte est bloqué",
    "je n'arrive pas à me connecter", "jarrive pas a me connecter", "ça marche pas",
    "c'est quoi le numéro de téléphone", "cest quoi le numero",
    "formulaire de changement d'adresse", "acte de naissance", "certificat de mariage",
    "permis de conduire expiré", "renouvellement permis de conduire", "carte santé",
    "carte d'assurance maladie", "prendre un rendez-vous", "annuler mon rendez vous",
    "statut de ma demande", "où en est ma demande", "suivi de dossier", "citoyenneté canadienne",
    "parler à un agent", "un humain svp", "je veux parler à quelqu'un", "besoin d'aide",
    "aidez-moi svp", "pension de vieillesse", "régime de pensions du canada", "prêt étudiant",
    "bourse d'études", "frais de passeport", "photo de passeport", "voyager avec un enfant",
    "est-ce que je peux payer en ligne", "quand vais-je recevoir mon remboursement",
    "pourquoi ma demande est refusée", "salut", "oui", "non merci", "svp", "perte d'emploi",
    "changer mon nom", "mise à jour de mes informations", "fermé le lundi?", "ouvert samedi",
    "courriel de confirmation", "je ne trouve pas le formulaire", "site web en panne",
    "erreur sur le site", "probleme avec mon compte", "vol d'identité", "carte volée",
    "nouveau résident permanent", "visa de visiteur", "permis de travail", "permis d'études",
    "adresse postale", "quels documents faut-il", "documents requis", "inscription en ligne",
    "créer un compte", "réinitialiser mot de passe", "code de sécurité", "les heures du bureau",
    "travail étudiant été", "chômage", "urgence", "plainte", "faire une plainte",
    "jai oublié mon mdp", "mdp oublié", "comment faire pour avoir un passeport",
    "ou se trouve votre bureau", "c quoi les heures", "vous etes ouvert quand",
    "est ce que c'est gratuit", "je voudrais savoir combien de temps ça prend", "ma carte a expiré",
    "renouvellement de ma carte", "je n'ai pas reçu mon chèque", "pas reçu mon paiement",
    "ou en est mon dossier", "numero de dossier", "faut il un rendez vous", "prendre rdv",
    "annulation rdv", "changement d adresse", "déménagement", "j'ai déménagé", "perte de passeport",
    "passeport volé en voyage", "demande de citoyenneté", "examen de citoyenneté",
    "test de citoyenneté date", "parrainage conjoint", "résidence permanente délai",
    "carte de résident permanent expirée", "visa étudiant", "permis de travail ouvert",
    "AE maladie", "prestation canadienne d'urgence", "allocation familiale", "crédit d'impôt",
    "avis de cotisation", "mon dossier mon arc", "connexion dossier", "je suis bloqué",
    "le site ne marche plus", "la page ne charge pas", "rien ne fonctionne", "c'est urgent",
    "j'ai besoin d'aide svp", "pouvez vous m'aider", "allo", "bonjour je cherche un formulaire",
    "quel formulaire remplir", "où envoyer le formulaire", "adresse d'envoi",
    "combien coûte un passeport", "tarif passeport adulte", "passeport pour bébé",
    "photo bébé passeport", "garant passeport", "qui peut être mon répondant",
    "délai de traitement actuel", "traitement prioritaire", "service express",
    "je pars en voyage la semaine prochaine", "voyage urgent", "décès d'un proche",
    "prestation de décès", "pension de survivant", "supplément de revenu garanti",
    "sécurité de la vieillesse montant", "quand est le prochain paiement", "dates de paiement",
    "dépôt direct", "changer mes infos bancaires", "modifier mon courriel",
    "mettre à jour mon numéro", "pas accès à mon compte", "code de sécurité pas reçu",
    "authentification multifacteur", "je comprends pas", "explique moi", "c'est pas clair",
    "tu sers à rien", "réponds moi", "ok merci beaucoup", "parfait merci", "super merci bcp",
    "bonne journée", "à bientôt",
};

constexpr std::string_view kEnglishPhrases[] = {
    "forgot my password", "forgot password", "lost passport", "opening hours", "thanks",
    "thank you", "hello", "hi", "how do i renew my passport", "i lost my card",
    "i want to change my address", "where is the nearest office", "how much does it cost",
    "processing time", "passport processing times", "social insurance number", "lost sin card",
    "child benefit", "canada child benefit", "employment insurance", "apply for ei", "tax return",
    "tax refund", "file taxes online", "my account is locked", "i can't log in", "cant login",
    "it doesn't work", "what's the phone number", "whats the number", "change of address form",
    "birth certificate", "marriage certificate", "expired driver's license",
    "renew drivers licence", "health card", "book an appointment", "cancel my appointment",
    "status of my application", "where is my application", "track my file", "canadian citizenship",
    "talk to an agent", "human please", "i want to speak to someone", "need help", "help me please",
    "old age security", "canada pension plan", "student loan", "scholarship", "passport fees",
    "passport photo", "travelling with a child", "can i pay online", "when will i get my refund",
    "why was my application refused", "hey", "yes", "no thanks", "please", "job loss",
    "change my name", "update my information", "closed on monday?", "open saturday",
    "confirmation email", "i can't find the form", "website is down", "error on the website",
    "problem with my account", "identity theft", "stolen card", "new permanent resident",
    "visitor visa", "work permit", "study permit", "mailing address", "what documents do i need",
    "required documents", "register online", "create an account", "reset password", "security code",
    "office hours", "summer student job", "unemployment", "emergency", "complaint",
    "file a complaint", "forgot my pw", "pw reset", "how do i get a passport",
    "where is your office located", "what are your hours", "when are you open", "is it free",
    "i would like to know how long it takes", "my card expired", "card renewal",
    "i didn't get my cheque", "haven't received my payment", "where is my file at", "file number",
    "do i need an appointment", "book appt", "cancel appt", "change address", "moving", "i moved",
    "lost my passport", "passport stolen while travelling", "citizenship application",
    "citizenship exam", "citizenship test date", "spousal sponsorship",
    "permanent residence wait time", "expired pr card", "student visa", "open work permit",
    "ei sickness", "canada emergency response benefit", "family allowance", "tax credit",
    "notice of assessment", "my cra account", "sign in to my account", "i'm locked out",
    "the site isn't working anymore", "page won't load", "nothing works", "it's urgent",
    "i need help pls", "can you help me", "hi there", "hello i'm looking for a form",
    "which form do i fill out", "where do i send the form", "mailing address for forms",
    "how much is a passport", "adult passport fee", "passport for a baby", "baby passport photo",
    "passport guarantor", "who can be my reference", "current processing times",
    "priority processing", "express service", "i'm travelling next week", "urgent travel",
    "death in the family", "death benefit", "survivor pension", "guaranteed income supplement",
    "old age security amount", "when is the next payment", "payment dates", "direct deposit",
    "change my banking info", "update my email", "update my phone number",
    "can't access my account", "didn't get the security code", "multi factor authentication",
    "i don't understand", "explain please", "that's not clear", "you're useless", "answer me",
    "ok thanks a lot", "perfect thanks", "great thx", "have a nice day", "see you soon",
};
// clang-format on

Language Detect(std::string_view text) { return DetectLanguage(text).language; }

template <std::size_t N>
void CheckAccuracy(const std::string_view (&phrases)[N], Language expected) {
  std::size_t right = 0;
  std::size_t wrong_language = 0;
  for (std::string_view phrase : phrases) {
    const Language got = Detect(phrase);
    if (got == expected) {
      ++right;
    } else {
      UNSCOPED_INFO("missed: " << phrase << " -> " << TextLanguageCode(got));
      if (got != Language::kUnknown) ++wrong_language;
    }
  }
  INFO(right << " / " << N << " right, " << wrong_language << " in the other language");
  CHECK(right * 100 >= N * 95);      // the brief's target: at least 95 %
  CHECK(wrong_language * 100 <= N);  // and the other language at most 1 %
}

TEST_CASE("French short questions are French") { CheckAccuracy(kFrenchPhrases, Language::kFrench); }

TEST_CASE("English short questions are English") {
  CheckAccuracy(kEnglishPhrases, Language::kEnglish);
}

TEST_CASE("the brief's examples, one by one") {
  CHECK(Detect("mot de passe oublié") == Language::kFrench);
  CHECK(Detect("forgot my password") == Language::kEnglish);
  CHECK(Detect("passeport perdu") == Language::kFrench);
  CHECK(Detect("lost passport") == Language::kEnglish);
  CHECK(Detect("rendez-vous") == Language::kFrench);
  CHECK(Detect("heures d'ouverture") == Language::kFrench);
  CHECK(Detect("heures d’ouverture") == Language::kFrench);  // curly apostrophe
  CHECK(Detect("merci") == Language::kFrench);
  CHECK(Detect("MOT DE PASSE OUBLIÉ") == Language::kFrench);
  CHECK(Detect("FORGOT MY PASSWORD!!!") == Language::kEnglish);
}

TEST_CASE("no evidence gives kUnknown with zero confidence") {
  for (std::string_view text : {"", "ok", "OK", "2026", "😀🙏", "   ", "?!", "taxes", "agent",
                                "covid", "visa", "info", "A123456789", "K1A 0B1"}) {
    INFO(text);
    const LanguageDetection d = DetectLanguage(text);
    CHECK(d.language == Language::kUnknown);
    CHECK(d.confidence == 0.0);
    CHECK_FALSE(d.from_hint);
  }
}

TEST_CASE("elisions, contractions and accents are evidence") {
  CHECK(Detect("l'adresse") == Language::kFrench);
  CHECK(Detect("qu'est-ce") == Language::kFrench);
  CHECK(Detect("we're") == Language::kEnglish);
  CHECK(Detect("john's") == Language::kEnglish);
  CHECK(Detect("réinitialisation") == Language::kFrench);  // unknown word, accents
  CHECK(Detect("downloading") == Language::kEnglish);      // unknown word, spelling
}

TEST_CASE("confidence grows with evidence and stays in range") {
  const LanguageDetection one = DetectLanguage("passeport");
  const LanguageDetection many = DetectLanguage("je veux renouveler mon passeport");
  REQUIRE(one.language == Language::kFrench);
  REQUIRE(many.language == Language::kFrench);
  CHECK(one.confidence > 0.5);
  CHECK(many.confidence > one.confidence);
  CHECK(many.confidence <= 1.0);
  const LanguageDetection mixed = DetectLanguage("le passport");
  CHECK(mixed.confidence < one.confidence);  // conflicting evidence lowers it
}

TEST_CASE("the hint decides only when the text is ambiguous") {
  LanguageDetection d = DetectLanguage("ok", Language::kFrench);
  CHECK(d.language == Language::kFrench);
  CHECK(d.from_hint);
  CHECK(d.confidence == 0.5);

  d = DetectLanguage("covid", Language::kEnglish);
  CHECK(d.language == Language::kEnglish);
  CHECK(d.from_hint);

  d = DetectLanguage("lost passport", Language::kFrench);  // clear text wins
  CHECK(d.language == Language::kEnglish);
  CHECK_FALSE(d.from_hint);

  d = DetectLanguage("booking", Language::kFrench);  // weak English spelling evidence
  CHECK(d.language == Language::kFrench);
  CHECK(d.from_hint);
  CHECK(d.confidence < 0.5);

  d = DetectLanguage("merci", Language::kEnglish);
  CHECK(d.language == Language::kFrench);

  d = DetectLanguage("ok", Language::kUnknown);
  CHECK(d.language == Language::kUnknown);
  CHECK_FALSE(d.from_hint);
}

TEST_CASE("Language is TextLanguage and converts to and from codes") {
  CHECK(TextLanguageCode(Language::kFrench) == "fr");
  CHECK(TextLanguageCode(Language::kEnglish) == "en");
  CHECK(TextLanguageFromCode("fr-CA") == Language::kFrench);
  CHECK(TextLanguageFromCode("en") == Language::kEnglish);
}

TEST_CASE("invalid UTF-8 and huge input are safe and bounded") {
  CHECK(Detect("\xff\xfe mot de passe \xc3") == Language::kFrench);
  CHECK(Detect(std::string("\xed\xa0\x80 forgot my password")) == Language::kEnglish);

  std::string huge = "where is my passport ";
  while (huge.size() < (1 << 20)) huge += "les impôts du québec ";
  const auto start = std::chrono::steady_clock::now();
  const LanguageDetection d = DetectLanguage(huge);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(d.language == Language::kFrench);
  // Only the first kMaxLanguageInputBytes are read: same answer as on the prefix.
  const LanguageDetection prefix = DetectLanguage(huge.substr(0, kMaxLanguageInputBytes));
  CHECK(d.french_score == prefix.french_score);
  CHECK(d.english_score == prefix.english_score);
  CHECK(elapsed < std::chrono::milliseconds(200));
}

TEST_CASE("random bytes: confidence in range, unknown exactly when there is no decision") {
  std::mt19937 rng(1234);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 200);
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    for (int n = length(rng); n > 0; --n) text.push_back(static_cast<char>(byte(rng)));
    const LanguageDetection d =
        DetectLanguage(text, i % 2 ? Language::kFrench : Language::kUnknown);
    REQUIRE(d.confidence >= 0.0);
    REQUIRE(d.confidence <= 1.0);
    REQUIRE(d.french_score >= 0.0);
    REQUIRE(d.english_score >= 0.0);
    if (d.language == Language::kUnknown) REQUIRE(d.confidence == 0.0);
  }
}

// CLINC150's validation questions (English, many domains, not public-service): a
// check on vocabulary the lexicons were not written for. Skipped without the data.
TEST_CASE("CLINC150 validation questions are English, never French") {
  const std::filesystem::path path =
      std::filesystem::path(RELAIS_SHARED_DATA_DIR) / "intents" / "clinc150.json";
  if (!std::filesystem::exists(path)) SKIP("shared data absent: " << path.string());
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const nlohmann::json data = nlohmann::json::parse(buffer.str(), nullptr, false);
  REQUIRE_FALSE(data.is_discarded());
  std::size_t total = 0, english = 0, french = 0;
  for (const nlohmann::json& item : data.at("validation")) {
    const Language got = Detect(item.at("text").get<std::string>());
    ++total;
    english += got == Language::kEnglish;
    french += got == Language::kFrench;
  }
  INFO(english << " English, " << french << " French of " << total);
  REQUIRE(total > 1000);
  CHECK(english * 100 >= total * 97);
  CHECK(french * 1000 <= total * 2);
}

}  // namespace
}  // namespace relais::engine
