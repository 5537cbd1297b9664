// The French language module: a light stemmer (stem_french.cc), the French stop
// words (stop_words.cc), elisions, and French's share of the detection lexicon.
#include <algorithm>

#include "relais/engine/language_module.h"
#include "relais/engine/stemmer.h"
#include "relais/engine/stop_words.h"
#include "relais/engine/utf8.h"
#include "text/languages/lexicon.h"
#include "text/signal_words.h"

namespace relais::engine {
namespace {

// Elided forms (with their apostrophe) and the word they stand for, tried in order.
constexpr WordMapping kElisions[] = {{"lorsqu'", "lorsque"},
                                     {"puisqu'", "puisque"},
                                     {"jusqu'", "jusque"},
                                     {"quoiqu'", "quoique"},
                                     {"qu'", "que"},
                                     {"l'", "le"},
                                     {"d'", "de"},
                                     {"j'", "je"},
                                     {"n'", "ne"},
                                     {"s'", "se"},
                                     {"c'", "ce"},
                                     {"m'", "me"},
                                     {"t'", "te"}};

// Words whose apostrophe is part of the word.
constexpr WordMapping kJoined[] = {{"aujourd'hui", "aujourdhui"}, {"quelqu'un", "quelquun"},
                                   {"quelqu'une", "quelquune"},   {"prud'homme", "prudhomme"},
                                   {"prud'hommes", "prudhommes"}, {"presqu'ile", "presquile"}};

// Function words and the common vocabulary of public-service questions, including
// chat spellings ("svp", "stp", "qqn", "cest", "jai"). Words spelled the same in
// English and common in both ("taxes", "agent", "visa", "a", "on", "me") weigh 0
// here and in the English lexicon, so that their spelling is not used as evidence
// either.
// clang-format off
constexpr lexicon::Entry kLexicon[] = {
    {"a", 0}, {"acceder", 3}, {"accord", 2}, {"acheter", 3}, {"acte", 3}, {"adresse", 3}, {"ae", 0},
    {"affaires", 3}, {"afficher", 3}, {"age", 0}, {"agent", 0}, {"ai", 1}, {"aide", 2},
    {"aider", 3}, {"aidez", 3}, {"ailleurs", 3}, {"aime", 2}, {"aimer", 3}, {"aimerais", 3},
    {"ainsi", 3}, {"ajouter", 3}, {"aller", 3}, {"allez", 3}, {"allo", 2}, {"allocation", 2},
    {"alors", 3}, {"ami", 3}, {"amis", 3}, {"ancien", 3}, {"ancienne", 3}, {"anglais", 3},
    {"anglaise", 3}, {"annee", 3}, {"annees", 3}, {"annulation", 2}, {"annuler", 3}, {"ans", 2},
    {"aout", 3}, {"application", 0}, {"applications", 0}, {"apprendre", 3}, {"apres", 3},
    {"arc", 2}, {"argent", 3}, {"arreter", 3}, {"arrive", 0}, {"arriver", 3}, {"as", 0},
    {"assez", 3}, {"assurance", 2}, {"attendre", 3}, {"attente", 3}, {"au", 2}, {"aucun", 3},
    {"aucune", 3}, {"aujourd'hui", 3}, {"aura", 2}, {"aurai", 3}, {"aurais", 3}, {"aussi", 3},
    {"autant", 3}, {"autour", 3}, {"autre", 3}, {"aux", 3}, {"avais", 3}, {"avait", 3},
    {"avant", 2}, {"avec", 3}, {"avez", 3}, {"avoir", 3}, {"avons", 3}, {"avril", 3},
    {"balance", 0}, {"banque", 3}, {"bas", 2}, {"bcp", 3}, {"beaucoup", 3}, {"bebe", 3},
    {"besoin", 3}, {"bien", 2}, {"bientot", 3}, {"bjr", 2}, {"bloque", 3}, {"bloquee", 3},
    {"boire", 3}, {"bon", 2}, {"bonjour", 3}, {"bonne", 3}, {"bonsoir", 3}, {"bourse", 3},
    {"brise", 2}, {"bureau", 1}, {"bus", 0}, {"ca", 2}, {"calendrier", 3}, {"canada", 0},
    {"canadienne", 2}, {"car", 0}, {"carte", 3}, {"ce", 2}, {"ceci", 3}, {"cela", 3}, {"celle", 3},
    {"celui", 3}, {"cent", 0}, {"cependant", 3}, {"certificat", 3}, {"ces", 3}, {"cest", 3},
    {"cet", 3}, {"cette", 3}, {"ceux", 3}, {"chacun", 3}, {"changement", 3}, {"changer", 3},
    {"chanson", 3}, {"chaque", 3}, {"cheque", 0}, {"chez", 3}, {"chiffres", 3}, {"chomage", 3},
    {"chose", 3}, {"choses", 3}, {"chui", 3}, {"cinq", 3}, {"citoyennete", 3}, {"code", 0},
    {"combien", 3}, {"commander", 3}, {"comme", 3}, {"commencer", 3}, {"comment", 2}, {"compte", 3},
    {"conduire", 3}, {"conjoint", 3}, {"connaitre", 3}, {"connecter", 3}, {"connexion", 3},
    {"conseiller", 3}, {"conseillere", 3}, {"contact", 0}, {"contacts", 0}, {"content", 0},
    {"contre", 3}, {"cool", 0}, {"correct", 0}, {"corriger", 3}, {"courriel", 3}, {"cout", 3},
    {"coute", 3}, {"coutent", 3}, {"covid", 0}, {"credit", 0}, {"creer", 3}, {"dac", 2},
    {"dacc", 2}, {"daccord", 3}, {"dans", 3}, {"date", 0}, {"dates", 0}, {"de", 3}, {"debit", 0},
    {"decembre", 3}, {"deces", 3}, {"declaration", 2}, {"deja", 3}, {"delai", 3}, {"delais", 3},
    {"demain", 3}, {"demande", 3}, {"demander", 3}, {"demandes", 3}, {"depot", 3}, {"depuis", 3},
    {"dernier", 3}, {"derniere", 3}, {"des", 3}, {"desole", 3}, {"desolee", 3}, {"deux", 3},
    {"devez", 3}, {"devrais", 3}, {"difficile", 3}, {"dimanche", 3}, {"dire", 2}, {"direct", 0},
    {"dit", 3}, {"dix", 3}, {"document", 0}, {"documents", 0}, {"dois", 3}, {"doit", 3},
    {"doivent", 3}, {"dollars", 0}, {"donc", 3}, {"dont", 0}, {"dossier", 2}, {"du", 3},
    {"durant", 3}, {"eau", 3}, {"ecole", 3}, {"ecrire", 3}, {"elle", 3}, {"elles", 3}, {"email", 0},
    {"emploi", 3}, {"en", 2}, {"encore", 2}, {"endommage", 3}, {"endommagee", 3}, {"endroit", 3},
    {"enfant", 3}, {"enfants", 3}, {"enfin", 3}, {"enlever", 3}, {"enregistrer", 3}, {"ensuite", 3},
    {"entre", 3}, {"envie", 3}, {"environ", 3}, {"envoye", 3}, {"envoyer", 3}, {"epargne", 3},
    {"erreur", 3}, {"es", 2}, {"essaie", 3}, {"essaye", 3}, {"essayer", 3}, {"est", 2}, {"et", 3},
    {"etais", 3}, {"etait", 3}, {"etat", 3}, {"ete", 3}, {"etes", 3}, {"etre", 3}, {"etudes", 3},
    {"etudiant", 3}, {"etudiante", 3}, {"eu", 2}, {"eux", 3}, {"evenement", 3}, {"excuse", 0},
    {"excusez", 3}, {"facile", 3}, {"facon", 3}, {"facture", 3}, {"faire", 3}, {"fais", 3},
    {"fait", 3}, {"faites", 3}, {"famille", 3}, {"faut", 3}, {"faux", 3}, {"femme", 3},
    {"ferme", 2}, {"fermee", 3}, {"fermer", 3}, {"fermes", 3}, {"fevrier", 3}, {"fin", 1},
    {"fini", 3}, {"fonctionne", 3}, {"fonctionner", 3}, {"font", 1}, {"formulaire", 3},
    {"formulaires", 3}, {"frais", 3}, {"francais", 3}, {"garder", 3}, {"gele", 2}, {"gens", 3},
    {"grand", 1}, {"gratuit", 3}, {"gros", 2}, {"haut", 3}, {"heure", 3}, {"heures", 3},
    {"hier", 3}, {"historique", 3}, {"horaire", 3}, {"horaires", 3}, {"horloge", 3}, {"hotel", 0},
    {"huit", 3}, {"humain", 3}, {"hypotheque", 3}, {"ici", 3}, {"identite", 3}, {"il", 2},
    {"ils", 3}, {"immigration", 0}, {"important", 0}, {"impot", 3}, {"impots", 3}, {"imprimer", 3},
    {"info", 0}, {"information", 0}, {"informations", 3}, {"inscription", 3}, {"inscrire", 3},
    {"interet", 3}, {"interets", 3}, {"internet", 0}, {"inutile", 3}, {"jai", 3}, {"jamais", 3},
    {"janvier", 3}, {"je", 3}, {"jeudi", 3}, {"jouer", 3}, {"jour", 3}, {"jours", 3}, {"jsp", 2},
    {"jsuis", 3}, {"juillet", 3}, {"juin", 3}, {"la", 2}, {"langue", 3}, {"laquelle", 3},
    {"large", 0}, {"le", 3}, {"lequel", 3}, {"les", 3}, {"leur", 3}, {"leurs", 3}, {"licence", 0},
    {"ligne", 3}, {"limite", 2}, {"lire", 3}, {"liste", 2}, {"loin", 3}, {"lol", 0}, {"long", 0},
    {"lors", 3}, {"lorsque", 3}, {"lui", 3}, {"lumiere", 3}, {"lumieres", 3}, {"lundi", 3},
    {"ma", 2}, {"madame", 3}, {"mai", 2}, {"maintenant", 3}, {"mais", 3}, {"maison", 3},
    {"maladie", 3}, {"manger", 3}, {"marche", 3}, {"marcher", 2}, {"mardi", 3}, {"mari", 3},
    {"mariage", 3}, {"mars", 1}, {"matin", 3}, {"mauvais", 3}, {"mauvaise", 3}, {"mdr", 2},
    {"me", 0}, {"meilleur", 3}, {"meilleure", 3}, {"menu", 0}, {"merci", 3}, {"mercredi", 3},
    {"mere", 3}, {"mes", 3}, {"message", 0}, {"meteo", 3}, {"mettre", 3}, {"midi", 2}, {"mieux", 3},
    {"mille", 2}, {"minute", 0}, {"minuterie", 3}, {"minutes", 0}, {"mis", 2}, {"mise", 3},
    {"modifier", 3}, {"moi", 3}, {"moins", 3}, {"mois", 3}, {"moment", 0}, {"mon", 2},
    {"monsieur", 3}, {"montrer", 3}, {"mot", 3}, {"mrc", 2}, {"musique", 3}, {"naissance", 3},
    {"nan", 1}, {"nas", 3}, {"ne", 2}, {"neuf", 3}, {"nip", 2}, {"nom", 3}, {"non", 2},
    {"normal", 0}, {"nos", 2}, {"note", 0}, {"notre", 3}, {"nourriture", 3}, {"nous", 3},
    {"nouveau", 3}, {"nouvel", 3}, {"nouvelle", 3}, {"novembre", 3}, {"nuit", 3}, {"nul", 2},
    {"numero", 3}, {"obtenir", 3}, {"obtenu", 3}, {"octobre", 3}, {"ok", 0}, {"on", 0}, {"ont", 2},
    {"ontario", 0}, {"ouais", 3}, {"oubli", 3}, {"oublie", 3}, {"oublier", 3}, {"oui", 3},
    {"ouin", 2}, {"ouvert", 3}, {"ouverte", 3}, {"ouverture", 3}, {"ouvrir", 3}, {"paiement", 3},
    {"par", 2}, {"parce", 3}, {"pardon", 0}, {"parfois", 3}, {"parking", 0}, {"parler", 3},
    {"parrainage", 3}, {"pas", 3}, {"passe", 2}, {"passeport", 3}, {"paye", 3}, {"payee", 0},
    {"payer", 3}, {"pcq", 2}, {"pendant", 3}, {"pense", 2}, {"penser", 3}, {"pension", 0},
    {"pensions", 0}, {"perdre", 3}, {"perdu", 3}, {"perdue", 3}, {"pere", 3}, {"permanent", 0},
    {"permis", 3}, {"permit", 0}, {"personne", 2}, {"petit", 3}, {"petite", 3}, {"peu", 3},
    {"peut", 3}, {"peuvent", 3}, {"peux", 3}, {"photo", 0}, {"photos", 0}, {"pire", 3},
    {"place", 0}, {"plainte", 3}, {"plait", 3}, {"plan", 0}, {"plus", 1}, {"plusieurs", 3},
    {"points", 0}, {"possible", 0}, {"postale", 3}, {"pour", 3}, {"pourquoi", 3}, {"pourrais", 3},
    {"pourriez", 3}, {"pourtant", 3}, {"pouvez", 3}, {"pouvons", 3}, {"premier", 0},
    {"premiere", 3}, {"prendre", 3}, {"pres", 3}, {"presque", 3}, {"prestation", 3},
    {"prestations", 3}, {"pret", 2}, {"pris", 3}, {"prix", 3}, {"probleme", 3}, {"prochain", 3},
    {"prochaine", 3}, {"proche", 3}, {"puis", 2}, {"puisque", 3}, {"qqn", 3}, {"quand", 3},
    {"quatre", 3}, {"que", 3}, {"quebec", 0}, {"quel", 3}, {"quelle", 3}, {"quelles", 3},
    {"quelqu'un", 3}, {"quelque", 3}, {"quelques", 3}, {"quelquun", 3}, {"quels", 3},
    {"question", 0}, {"questions", 0}, {"qui", 2}, {"quoi", 3}, {"rappel", 3}, {"rappeler", 3},
    {"rdv", 3}, {"recevoir", 3}, {"recois", 3}, {"recu", 3}, {"refuse", 0}, {"refusee", 3},
    {"regarder", 3}, {"regime", 3}, {"reinitialiser", 3}, {"releve", 3}, {"remboursement", 3},
    {"remplacement", 3}, {"remplacer", 3}, {"remplir", 3}, {"rendez", 3}, {"renouveler", 3},
    {"renouvellement", 3}, {"renseignements", 3}, {"repondre", 3}, {"reponse", 3}, {"requis", 3},
    {"reservation", 0}, {"reserver", 3}, {"residence", 0}, {"resident", 0}, {"restaurant", 0},
    {"retraite", 3}, {"reunion", 1}, {"reveil", 3}, {"revenu", 3}, {"revenus", 3}, {"revoir", 3},
    {"rien", 3}, {"rpc", 3}, {"sa", 2}, {"salut", 3}, {"samedi", 3}, {"sans", 3}, {"sante", 3},
    {"sauf", 3}, {"savais", 3}, {"savoir", 3}, {"score", 0}, {"se", 2}, {"securite", 3},
    {"selon", 3}, {"semaine", 3}, {"semaines", 3}, {"septembre", 3}, {"sera", 3}, {"serai", 3},
    {"serais", 3}, {"serait", 3}, {"seront", 3}, {"service", 0}, {"services", 0}, {"ses", 2},
    {"seul", 3}, {"seule", 3}, {"seulement", 3}, {"si", 1}, {"signaler", 3}, {"signer", 3},
    {"simple", 0}, {"site", 0}, {"slt", 2}, {"social", 0}, {"sociale", 3}, {"soir", 3},
    {"solde", 2}, {"son", 1}, {"sont", 3}, {"sous", 2}, {"souvent", 3}, {"statut", 3}, {"stop", 0},
    {"stp", 3}, {"suis", 3}, {"suivi", 3}, {"super", 0}, {"supprimer", 3}, {"sur", 3},
    {"surtout", 3}, {"sv", 0}, {"svp", 3}, {"ta", 2}, {"tant", 3}, {"tard", 3}, {"taux", 3},
    {"taxes", 0}, {"taxi", 0}, {"te", 2}, {"telecharger", 3}, {"temps", 3}, {"termine", 2},
    {"tes", 2}, {"test", 0}, {"tests", 0}, {"texte", 2}, {"texto", 3}, {"tjrs", 2}, {"toi", 3},
    {"ton", 1}, {"tot", 2}, {"total", 0}, {"toujours", 3}, {"tous", 3}, {"tout", 3}, {"toute", 3},
    {"toutes", 3}, {"tps", 2}, {"traitement", 3}, {"transactions", 0}, {"transport", 0},
    {"travail", 3}, {"travailler", 3}, {"tres", 3}, {"triste", 3}, {"trois", 3}, {"trop", 3},
    {"trouve", 2}, {"trouver", 3}, {"tu", 2}, {"tvq", 2}, {"un", 2}, {"une", 3}, {"urgence", 3},
    {"utiliser", 3}, {"vaccin", 0}, {"vaccine", 0}, {"vais", 3}, {"vas", 3}, {"vendredi", 3},
    {"verifier", 3}, {"vers", 2}, {"veuillez", 3}, {"veut", 3}, {"veux", 3}, {"vieillesse", 3},
    {"virement", 3}, {"visa", 0}, {"visiteur", 3}, {"vite", 3}, {"voici", 3}, {"voila", 1},
    {"voir", 3}, {"vol", 3}, {"volee", 3}, {"vos", 3}, {"votre", 3}, {"voudrais", 3},
    {"voudrait", 3}, {"voulais", 3}, {"voulez", 3}, {"vous", 3}, {"voyage", 2}, {"voyager", 3},
    {"vrai", 3}, {"vraie", 3}, {"vraiment", 3}, {"vs", 0}, {"web", 0}, {"weekend", 0}, {"y", 1},
    {"ya", 0},
};
// clang-format on
static_assert(lexicon::IsSortedAndUnique(kLexicon), "kLexicon: sorted byte-wise, no duplicates");

// An elided article or pronoun ("l'", "d'", "qu'") is as telling as a function word.
constexpr double kElisionWeight = 3.0;
// Each accented letter typical of French (é è ê à â ç ù û ô î ï ë œ) in the raw text,
// up to kMaxAccentEvidence in total: loanwords such as "café" in English stay weak.
constexpr double kAccentWeight = 1.5;
constexpr double kMaxAccentEvidence = 4.5;

bool IsFrenchAccent(char32_t c) {
  switch (c) {
    case U'à':
    case U'â':
    case U'ç':
    case U'é':
    case U'è':
    case U'ê':
    case U'ë':
    case U'î':
    case U'ï':
    case U'ô':
    case U'ù':
    case U'û':
    case U'œ':
    case U'À':
    case U'Â':
    case U'Ç':
    case U'É':
    case U'È':
    case U'Ê':
    case U'Ë':
    case U'Î':
    case U'Ï':
    case U'Ô':
    case U'Ù':
    case U'Û':
    case U'Œ':
      return true;
    default:
      return false;
  }
}

// Typical endings and vowel groups.
bool HasFrenchSpelling(std::string_view w) {
  using lexicon::Contains;
  using lexicon::EndsWith;
  if (w.size() < 4) return false;
  return Contains(w, "eau") || Contains(w, "oeu") || EndsWith(w, "eux") || EndsWith(w, "euse") ||
         EndsWith(w, "aux") || EndsWith(w, "oir") || EndsWith(w, "oire") || EndsWith(w, "ique") ||
         EndsWith(w, "iques") || EndsWith(w, "eur") || EndsWith(w, "eurs") || EndsWith(w, "ette") ||
         EndsWith(w, "ez") || EndsWith(w, "ait") || EndsWith(w, "aient");
}

class French final : public LanguageModule {
 public:
  const TextLanguage& language() const override { return TextLanguage::kFrench; }

  bool IsStopWord(std::string_view word) const override { return IsFrenchStopWord(word); }
  std::span<const std::string_view> StopWords() const override { return FrenchStopWords(); }
  std::string Stem(std::string_view word) const override { return StemFrench(word); }

  const ApostropheForms& apostrophe_forms() const override {
    static constexpr ApostropheForms kForms{
        .whole_words = {}, .prefixes = kElisions, .joined = kJoined, .suffixes = {}};
    return kForms;
  }

  double TextEvidence(std::string_view text) const override {
    double evidence = 0;
    for (std::size_t pos = 0; pos < text.size() && evidence < kMaxAccentEvidence;) {
      const Utf8Char c = DecodeUtf8(text, pos);
      if (c.valid && IsFrenchAccent(c.code_point)) evidence += kAccentWeight;
      pos += c.length;
    }
    return std::min(evidence, kMaxAccentEvidence);
  }
  std::optional<double> WordWeight(std::string_view word) const override {
    if (signal_words::IsFrenchElision(word)) return kElisionWeight;
    return lexicon::Find(kLexicon, word);
  }
  double SpellingWeight(std::string_view word) const override {
    return HasFrenchSpelling(word) ? 1 : 0;
  }
};

}  // namespace

const LanguageModule& FrenchModule() {
  static const French module;
  return module;
}

}  // namespace relais::engine
