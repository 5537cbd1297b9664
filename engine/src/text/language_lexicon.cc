#include "text/language_lexicon.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace relais::engine::language_lexicon {
namespace {

struct Entry {
  std::string_view word;  // folded (see FoldText), sorted byte-wise
  std::int8_t weight;     // > 0 French, < 0 English, 0 used in both
};

// Function words and the common vocabulary of public-service questions in each
// language, including chat spellings ("svp", "stp", "qqn", "cest", "jai", "pls",
// "thx", "whats", "cant"). Words spelled the same in both languages and common in
// both ("taxes", "agent", "visa", "document", "information", "a", "on", "me") are
// listed with weight 0 so that their spelling is not used as evidence either.
// Keep the list sorted: a static_assert checks it.
// clang-format off
constexpr Entry kLexicon[] = {
    {"a", 0}, {"about", -3}, {"acceder", 3}, {"accord", 2}, {"account", -3}, {"acheter", 3},
    {"across", -3}, {"acte", 3}, {"add", -3}, {"address", -3}, {"adresse", 3}, {"ae", 0},
    {"affaires", 3}, {"afficher", 3}, {"after", -3}, {"afternoon", -3}, {"again", -3},
    {"against", -3}, {"age", 0}, {"agent", 0}, {"ai", 1}, {"aide", 2}, {"aider", 3}, {"aidez", 3},
    {"ailleurs", 3}, {"aime", 2}, {"aimer", 3}, {"aimerais", 3}, {"ainsi", 3}, {"ajouter", 3},
    {"alarm", -2}, {"all", -3}, {"aller", 3}, {"allez", 3}, {"allo", 2}, {"allocation", 2},
    {"alors", 3}, {"already", -3}, {"alright", -3}, {"also", -3}, {"although", -3}, {"always", -3},
    {"am", -3}, {"ami", 3}, {"amis", 3}, {"an", -1}, {"ancien", 3}, {"ancienne", 3}, {"and", -3},
    {"anglais", 3}, {"anglaise", 3}, {"annee", 3}, {"annees", 3}, {"annulation", 2}, {"annuler", 3},
    {"another", -3}, {"ans", 2}, {"any", -3}, {"anyone", -3}, {"anything", -3}, {"aout", 3},
    {"application", 0}, {"applications", 0}, {"apply", -3}, {"appointment", -3}, {"apprendre", 3},
    {"appt", -3}, {"apres", 3}, {"april", -3}, {"arc", 2}, {"are", -3}, {"argent", 3},
    {"around", -3}, {"arreter", 3}, {"arrive", 0}, {"arriver", 3}, {"as", 0}, {"ask", -3},
    {"asked", -3}, {"assez", 3}, {"assurance", 2}, {"at", -3}, {"attendre", 3}, {"attente", 3},
    {"au", 2}, {"aucun", 3}, {"aucune", 3}, {"august", -3}, {"aujourd'hui", 3}, {"aura", 2},
    {"aurai", 3}, {"aurais", 3}, {"aussi", 3}, {"autant", 3}, {"autour", 3}, {"autre", 3},
    {"aux", 3}, {"avais", 3}, {"avait", 3}, {"avant", 2}, {"avec", 3}, {"avez", 3}, {"avoir", 3},
    {"avons", 3}, {"avril", 3}, {"away", -3}, {"baby", -2}, {"back", -3}, {"bad", -3},
    {"balance", 0}, {"bank", -3}, {"banque", 3}, {"bas", 2}, {"bcp", 3}, {"be", -3},
    {"beaucoup", 3}, {"bebe", 3}, {"because", -3}, {"been", -3}, {"before", -3}, {"being", -3},
    {"benefit", -3}, {"benefits", -3}, {"besoin", 3}, {"best", -3}, {"better", -3}, {"between", -3},
    {"bien", 2}, {"bientot", 3}, {"big", -3}, {"bill", -2}, {"birth", -3}, {"bjr", 2},
    {"blocked", -3}, {"bloque", 3}, {"bloquee", 3}, {"boire", 3}, {"bon", 2}, {"bonjour", 3},
    {"bonne", 3}, {"bonsoir", 3}, {"book", -2}, {"both", -3}, {"bourse", 3}, {"brise", 2},
    {"broken", -3}, {"bureau", 1}, {"bus", 0}, {"but", -3}, {"buy", -3}, {"by", -2}, {"bye", -2},
    {"ca", 2}, {"calendar", -3}, {"calendrier", 3}, {"call", -3}, {"came", -3}, {"can", -3},
    {"can't", -3}, {"canada", 0}, {"canadienne", 2}, {"cancel", -3}, {"cant", -2}, {"car", 0},
    {"card", -3}, {"carte", 3}, {"ce", 2}, {"ceci", 3}, {"cela", 3}, {"celle", 3}, {"celui", 3},
    {"cent", 0}, {"cependant", 3}, {"certificat", 3}, {"certificate", -3}, {"ces", 3}, {"cest", 3},
    {"cet", 3}, {"cette", 3}, {"ceux", 3}, {"chacun", 3}, {"change", -1}, {"changement", 3},
    {"changer", 3}, {"chanson", 3}, {"chaque", 3}, {"check", -2}, {"checking", -3}, {"cheque", 0},
    {"chez", 3}, {"chiffres", 3}, {"child", -3}, {"children", -3}, {"chomage", 3}, {"chose", 3},
    {"choses", 3}, {"chui", 3}, {"cinq", 3}, {"citizenship", -3}, {"citoyennete", 3}, {"clock", -3},
    {"close", -2}, {"closed", -3}, {"code", 0}, {"combien", 3}, {"come", -3}, {"commander", 3},
    {"comme", 3}, {"commencer", 3}, {"comment", 2}, {"complaint", -3}, {"compte", 3},
    {"conduire", 3}, {"conjoint", 3}, {"connaitre", 3}, {"connecter", 3}, {"connexion", 3},
    {"conseiller", 3}, {"conseillere", 3}, {"contact", 0}, {"contacts", 0}, {"content", 0},
    {"contre", 3}, {"cool", 0}, {"correct", 0}, {"corriger", 3}, {"cost", -3}, {"costs", -3},
    {"could", -3}, {"courriel", 3}, {"cout", 3}, {"coute", 3}, {"coutent", 3}, {"covid", 0},
    {"cpp", -2}, {"cra", -2}, {"create", -3}, {"credit", 0}, {"creer", 3}, {"dac", 2}, {"dacc", 2},
    {"daccord", 3}, {"dad", -3}, {"damaged", -3}, {"dans", 3}, {"date", 0}, {"dates", 0},
    {"day", -3}, {"days", -3}, {"de", 3}, {"death", -3}, {"debit", 0}, {"december", -3},
    {"decembre", 3}, {"deces", 3}, {"declaration", 2}, {"declined", -3}, {"deja", 3}, {"delai", 3},
    {"delais", 3}, {"delete", -3}, {"demain", 3}, {"demande", 3}, {"demander", 3}, {"demandes", 3},
    {"deposit", -3}, {"depot", 3}, {"depuis", 3}, {"dernier", 3}, {"derniere", 3}, {"des", 3},
    {"desole", 3}, {"desolee", 3}, {"deux", 3}, {"devez", 3}, {"devrais", 3}, {"did", -3},
    {"didn't", -3}, {"didnt", -3}, {"difficile", 3}, {"digits", -3}, {"dimanche", 3}, {"dire", 2},
    {"direct", 0}, {"dit", 3}, {"dix", 3}, {"do", -3}, {"document", 0}, {"documents", 0},
    {"does", -3}, {"doesn't", -3}, {"doesnt", -3}, {"dois", 3}, {"doit", 3}, {"doivent", 3},
    {"dollars", 0}, {"don't", -3}, {"donc", 3}, {"dont", 0}, {"dossier", 2}, {"down", -3},
    {"drink", -3}, {"driver", -3}, {"drivers", -3}, {"driving", -3}, {"du", 3}, {"durant", 3},
    {"during", -3}, {"each", -3}, {"early", -3}, {"easy", -3}, {"eat", -3}, {"eau", 3},
    {"ecole", 3}, {"ecrire", 3}, {"ei", -2}, {"eight", -3}, {"either", -3}, {"elle", 3},
    {"elles", 3}, {"else", -3}, {"email", 0}, {"emergency", -3}, {"emploi", 3}, {"en", 2},
    {"encore", 2}, {"end", -2}, {"endommage", 3}, {"endommagee", 3}, {"endroit", 3}, {"enfant", 3},
    {"enfants", 3}, {"enfin", 3}, {"enlever", 3}, {"enough", -3}, {"enregistrer", 3},
    {"ensuite", 3}, {"entre", 3}, {"envie", 3}, {"environ", 3}, {"envoye", 3}, {"envoyer", 3},
    {"epargne", 3}, {"erreur", 3}, {"error", -2}, {"es", 2}, {"essaie", 3}, {"essaye", 3},
    {"essayer", 3}, {"est", 2}, {"et", 3}, {"etais", 3}, {"etait", 3}, {"etat", 3}, {"ete", 3},
    {"etes", 3}, {"etre", 3}, {"etudes", 3}, {"etudiant", 3}, {"etudiante", 3}, {"eu", 2},
    {"eux", 3}, {"evenement", 3}, {"evening", -3}, {"event", -2}, {"ever", -3}, {"every", -3},
    {"everyone", -3}, {"everything", -3}, {"excuse", 0}, {"excusez", 3}, {"facile", 3},
    {"facon", 3}, {"facture", 3}, {"faire", 3}, {"fais", 3}, {"fait", 3}, {"faites", 3},
    {"false", -3}, {"famille", 3}, {"family", -3}, {"far", -3}, {"fast", -3}, {"faut", 3},
    {"faux", 3}, {"february", -3}, {"fee", -3}, {"feel", -3}, {"fees", -3}, {"femme", 3},
    {"ferme", 2}, {"fermee", 3}, {"fermer", 3}, {"fermes", 3}, {"fevrier", 3}, {"file", -2},
    {"fin", 1}, {"find", -3}, {"fine", -1}, {"fini", 3}, {"first", -3}, {"five", -3}, {"fix", -3},
    {"flight", -3}, {"fonctionne", 3}, {"fonctionner", 3}, {"font", 1}, {"food", -3}, {"for", -3},
    {"forget", -3}, {"forgot", -3}, {"form", -3}, {"forms", -3}, {"formulaire", 3},
    {"formulaires", 3}, {"four", -3}, {"frais", 3}, {"francais", 3}, {"free", -2}, {"freeze", -3},
    {"friday", -3}, {"friend", -3}, {"friends", -3}, {"from", -3}, {"frozen", -3}, {"garder", 3},
    {"gave", -3}, {"gele", 2}, {"gens", 3}, {"get", -3}, {"give", -3}, {"go", -3}, {"going", -3},
    {"gone", -3}, {"gonna", -3}, {"good", -3}, {"goodbye", -3}, {"got", -3}, {"grand", 1},
    {"gratuit", 3}, {"great", -3}, {"gros", 2}, {"gst", -2}, {"had", -3}, {"happy", -3},
    {"hard", -3}, {"has", -3}, {"hate", -3}, {"haut", 3}, {"have", -3}, {"he", -2}, {"health", -3},
    {"hello", -3}, {"help", -3}, {"her", -3}, {"here", -3}, {"heure", 3}, {"heures", 3},
    {"hey", -3}, {"hi", -3}, {"hier", 3}, {"high", -3}, {"him", -3}, {"his", -3}, {"historique", 3},
    {"history", -3}, {"home", -2}, {"horaire", 3}, {"horaires", 3}, {"horloge", 3}, {"hotel", 0},
    {"hours", -3}, {"house", -3}, {"how", -3}, {"how's", -3}, {"hows", -2}, {"hst", -1},
    {"huit", 3}, {"humain", 3}, {"human", -3}, {"hundred", -3}, {"husband", -3}, {"hypotheque", 3},
    {"i", -3}, {"i'd", -3}, {"i'm", -3}, {"i've", -3}, {"ici", 3}, {"identite", 3},
    {"identity", -3}, {"idk", -3}, {"if", -3}, {"il", 2}, {"ils", 3}, {"im", -2},
    {"immigration", 0}, {"important", 0}, {"impot", 3}, {"impots", 3}, {"imprimer", 3}, {"in", -2},
    {"income", -3}, {"info", 0}, {"information", 0}, {"informations", 3}, {"inscription", 3},
    {"inscrire", 3}, {"insurance", -3}, {"interest", -3}, {"interet", 3}, {"interets", 3},
    {"internet", 0}, {"into", -3}, {"inutile", 3}, {"is", -3}, {"isn't", -3}, {"isnt", -3},
    {"issue", -2}, {"it", -3}, {"it's", -3}, {"its", -3}, {"ive", -2}, {"jai", 3}, {"jamais", 3},
    {"january", -3}, {"janvier", 3}, {"je", 3}, {"jeudi", 3}, {"job", -3}, {"jouer", 3},
    {"jour", 3}, {"jours", 3}, {"jsp", 2}, {"jsuis", 3}, {"juillet", 3}, {"juin", 3}, {"july", -3},
    {"june", -3}, {"just", -3}, {"keep", -3}, {"kid", -2}, {"kids", -2}, {"know", -3}, {"la", 2},
    {"langue", 3}, {"laquelle", 3}, {"large", 0}, {"last", -3}, {"late", -3}, {"later", -3},
    {"le", 3}, {"learn", -3}, {"least", -3}, {"left", -3}, {"lequel", 3}, {"les", 3}, {"less", -3},
    {"let", -2}, {"let's", -3}, {"leur", 3}, {"leurs", 3}, {"licence", 0}, {"license", -2},
    {"light", -3}, {"lights", -3}, {"ligne", 3}, {"like", -3}, {"limit", -2}, {"limite", 2},
    {"lire", 3}, {"list", -2}, {"liste", 2}, {"little", -3}, {"loan", -3}, {"locked", -3},
    {"log", -3}, {"login", -2}, {"loin", 3}, {"lol", 0}, {"long", 0}, {"look", -3}, {"looking", -3},
    {"lors", 3}, {"lorsque", 3}, {"lose", -3}, {"lost", -3}, {"love", -2}, {"low", -3}, {"lui", 3},
    {"lumiere", 3}, {"lumieres", 3}, {"lundi", 3}, {"ma", 2}, {"madame", 3}, {"mai", 2},
    {"mail", -1}, {"mailing", -3}, {"maintenant", 3}, {"mais", 3}, {"maison", 3}, {"make", -3},
    {"maladie", 3}, {"manger", 3}, {"many", -3}, {"march", -2}, {"marche", 3}, {"marcher", 2},
    {"mardi", 3}, {"mari", 3}, {"mariage", 3}, {"marriage", -3}, {"mars", 1}, {"matin", 3},
    {"mauvais", 3}, {"mauvaise", 3}, {"may", -1}, {"maybe", -3}, {"mdr", 2}, {"me", 0},
    {"meeting", -2}, {"meilleur", 3}, {"meilleure", 3}, {"menu", 0}, {"merci", 3}, {"mercredi", 3},
    {"mere", 3}, {"mes", 3}, {"message", 0}, {"meteo", 3}, {"mettre", 3}, {"midi", 2}, {"mieux", 3},
    {"might", -3}, {"mille", 2}, {"mine", -3}, {"minute", 0}, {"minuterie", 3}, {"minutes", 0},
    {"mis", 2}, {"mise", 3}, {"modifier", 3}, {"moi", 3}, {"moins", 3}, {"mois", 3}, {"mom", -3},
    {"moment", 0}, {"mon", 2}, {"monday", -3}, {"money", -3}, {"monsieur", 3}, {"month", -3},
    {"month's", -3}, {"montrer", 3}, {"more", -3}, {"morning", -3}, {"mortgage", -3}, {"most", -3},
    {"mot", 3}, {"mrc", 2}, {"much", -3}, {"music", -3}, {"musique", 3}, {"must", -3}, {"my", -3},
    {"nah", -2}, {"naissance", 3}, {"name", -3}, {"nan", 1}, {"nas", 3}, {"ne", 2}, {"near", -3},
    {"nearest", -3}, {"need", -3}, {"neither", -3}, {"neuf", 3}, {"never", -3}, {"new", -3},
    {"next", -3}, {"nice", -2}, {"night", -3}, {"nine", -3}, {"nip", 2}, {"no", -2}, {"nobody", -3},
    {"nom", 3}, {"non", 2}, {"nope", -3}, {"normal", 0}, {"nos", 2}, {"not", -3}, {"note", 0},
    {"nothing", -3}, {"notre", 3}, {"nourriture", 3}, {"nous", 3}, {"nouveau", 3}, {"nouvel", 3},
    {"nouvelle", 3}, {"november", -3}, {"novembre", 3}, {"now", -2}, {"nuit", 3}, {"nul", 2},
    {"number", -3}, {"numero", 3}, {"oas", -2}, {"obtenir", 3}, {"obtenu", 3}, {"october", -3},
    {"octobre", 3}, {"of", -3}, {"off", -3}, {"office", -3}, {"ok", 0}, {"okay", -2}, {"old", -2},
    {"on", 0}, {"one", -2}, {"online", -3}, {"only", -3}, {"ont", 2}, {"ontario", 0}, {"open", -2},
    {"opening", -3}, {"or", -2}, {"order", -2}, {"other", -3}, {"ouais", 3}, {"oubli", 3},
    {"oublie", 3}, {"oublier", 3}, {"oui", 3}, {"ouin", 2}, {"our", -3}, {"ours", -3}, {"out", -3},
    {"ouvert", 3}, {"ouverte", 3}, {"ouverture", 3}, {"ouvrir", 3}, {"over", -3}, {"own", -3},
    {"paiement", 3}, {"par", 2}, {"parce", 3}, {"pardon", 0}, {"parfois", 3}, {"parking", 0},
    {"parler", 3}, {"parrainage", 3}, {"pas", 3}, {"passe", 2}, {"passeport", 3}, {"passport", -3},
    {"password", -3}, {"pay", -3}, {"paye", 3}, {"payee", 0}, {"payer", 3}, {"payment", -3},
    {"pcq", 2}, {"pendant", 3}, {"pense", 2}, {"penser", 3}, {"pension", 0}, {"pensions", 0},
    {"people", -3}, {"perdre", 3}, {"perdu", 3}, {"perdue", 3}, {"pere", 3}, {"perhaps", -3},
    {"permanent", 0}, {"permis", 3}, {"permit", 0}, {"person", -3}, {"personne", 2}, {"petit", 3},
    {"petite", 3}, {"peu", 3}, {"peut", 3}, {"peuvent", 3}, {"peux", 3}, {"phone", -2},
    {"photo", 0}, {"photos", 0}, {"pin", -1}, {"pire", 3}, {"place", 0}, {"plainte", 3},
    {"plait", 3}, {"plan", 0}, {"play", -2}, {"please", -3}, {"pls", -3}, {"plus", 1},
    {"plusieurs", 3}, {"plz", -3}, {"points", 0}, {"possible", 0}, {"postale", 3}, {"pour", 3},
    {"pourquoi", 3}, {"pourrais", 3}, {"pourriez", 3}, {"pourtant", 3}, {"pouvez", 3},
    {"pouvons", 3}, {"premier", 0}, {"premiere", 3}, {"prendre", 3}, {"pres", 3}, {"presque", 3},
    {"prestation", 3}, {"prestations", 3}, {"pret", 2}, {"price", -2}, {"pris", 3}, {"prix", 3},
    {"problem", -3}, {"probleme", 3}, {"processing", -3}, {"prochain", 3}, {"prochaine", 3},
    {"proche", 3}, {"puis", 2}, {"puisque", 3}, {"put", -3}, {"qqn", 3}, {"quand", 3},
    {"quatre", 3}, {"que", 3}, {"quebec", 0}, {"quel", 3}, {"quelle", 3}, {"quelles", 3},
    {"quelqu'un", 3}, {"quelque", 3}, {"quelques", 3}, {"quelquun", 3}, {"quels", 3},
    {"question", 0}, {"questions", 0}, {"qui", 2}, {"quoi", 3}, {"rappel", 3}, {"rappeler", 3},
    {"rate", -1}, {"rdv", 3}, {"read", -3}, {"really", -3}, {"receive", -3}, {"received", -3},
    {"recevoir", 3}, {"recois", 3}, {"recu", 3}, {"refund", -3}, {"refuse", 0}, {"refusee", 3},
    {"regarder", 3}, {"regime", 3}, {"register", -3}, {"reinitialiser", 3}, {"releve", 3},
    {"remboursement", 3}, {"remind", -3}, {"reminder", -3}, {"remove", -3}, {"remplacement", 3},
    {"remplacer", 3}, {"remplir", 3}, {"rendez", 3}, {"renew", -3}, {"renewal", -3},
    {"renouveler", 3}, {"renouvellement", 3}, {"renseignements", 3}, {"replace", -3},
    {"replacement", -3}, {"repondre", 3}, {"reponse", 3}, {"report", -2}, {"representative", -3},
    {"required", -3}, {"requis", 3}, {"reservation", 0}, {"reserver", 3}, {"reset", -3},
    {"residence", 0}, {"resident", 0}, {"restaurant", 0}, {"retirement", -3}, {"retraite", 3},
    {"reunion", 1}, {"reveil", 3}, {"revenu", 3}, {"revenus", 3}, {"revoir", 3}, {"rewards", -3},
    {"rien", 3}, {"right", -3}, {"routing", -3}, {"rpc", 3}, {"sa", 2}, {"sad", -3}, {"said", -3},
    {"salut", 3}, {"same", -3}, {"samedi", 3}, {"sans", 3}, {"sante", 3}, {"saturday", -3},
    {"sauf", 3}, {"savais", 3}, {"savings", -3}, {"savoir", 3}, {"say", -3}, {"schedule", -3},
    {"school", -3}, {"score", 0}, {"se", 2}, {"securite", 3}, {"security", -3}, {"see", -3},
    {"seen", -3}, {"selon", 3}, {"semaine", 3}, {"semaines", 3}, {"send", -3}, {"sent", -3},
    {"september", -3}, {"septembre", 3}, {"sera", 3}, {"serai", 3}, {"serais", 3}, {"serait", 3},
    {"seront", 3}, {"service", 0}, {"services", 0}, {"ses", 2}, {"set", -2}, {"seul", 3},
    {"seule", 3}, {"seulement", 3}, {"seven", -3}, {"shall", -3}, {"she", -3}, {"should", -3},
    {"show", -2}, {"si", 1}, {"sign", -3}, {"signaler", 3}, {"signed", -3}, {"signer", 3},
    {"simple", 0}, {"sin", -2}, {"since", -3}, {"site", 0}, {"slow", -3}, {"slt", 2}, {"small", -3},
    {"so", -2}, {"social", 0}, {"sociale", 3}, {"soir", 3}, {"solde", 2}, {"some", -3},
    {"somebody", -3}, {"someone", -3}, {"something", -3}, {"sometimes", -3}, {"son", 1},
    {"song", -3}, {"sont", 3}, {"soon", -3}, {"sorry", -3}, {"sous", 2}, {"souvent", 3},
    {"speak", -3}, {"spending", -3}, {"start", -2}, {"statement", -3}, {"status", -2},
    {"statut", 3}, {"still", -3}, {"stolen", -3}, {"stop", 0}, {"stp", 3}, {"student", -3},
    {"study", -3}, {"such", -3}, {"suis", 3}, {"suivi", 3}, {"summer", -3}, {"sunday", -3},
    {"super", 0}, {"supprimer", 3}, {"sur", 3}, {"sure", -1}, {"surtout", 3}, {"sv", 0}, {"svp", 3},
    {"ta", 2}, {"take", -3}, {"talk", -3}, {"tant", 3}, {"tard", 3}, {"taux", 3}, {"tax", -3},
    {"taxes", 0}, {"taxi", 0}, {"te", 2}, {"telecharger", 3}, {"tell", -3}, {"temps", 3},
    {"ten", -2}, {"termine", 2}, {"tes", 2}, {"test", 0}, {"tests", 0}, {"text", -2}, {"texte", 2},
    {"texto", 3}, {"than", -3}, {"thank", -3}, {"thanks", -3}, {"that", -3}, {"that's", -3},
    {"the", -3}, {"theft", -3}, {"their", -3}, {"them", -3}, {"then", -3}, {"there", -3},
    {"there's", -3}, {"these", -3}, {"they", -3}, {"thing", -3}, {"things", -3}, {"think", -3},
    {"this", -3}, {"those", -3}, {"though", -3}, {"thousand", -3}, {"three", -3}, {"through", -3},
    {"thursday", -3}, {"thx", -3}, {"time", -3}, {"timer", -2}, {"tjrs", 2}, {"to", -3},
    {"today", -3}, {"toi", 3}, {"told", -3}, {"tomorrow", -3}, {"ton", 1}, {"tonight", -3},
    {"too", -3}, {"took", -3}, {"tot", 2}, {"total", 0}, {"toujours", 3}, {"tous", 3}, {"tout", 3},
    {"toute", 3}, {"toutes", 3}, {"tps", 2}, {"track", -3}, {"tracking", -3}, {"traitement", 3},
    {"transactions", 0}, {"transfer", -2}, {"transport", 0}, {"travail", 3}, {"travailler", 3},
    {"travel", -3}, {"tres", 3}, {"trip", -3}, {"triste", 3}, {"trois", 3}, {"trop", 3},
    {"trouve", 2}, {"trouver", 3}, {"true", -3}, {"try", -3}, {"trying", -3}, {"tu", 2},
    {"tuesday", -3}, {"turn", -3}, {"tvq", 2}, {"two", -3}, {"ty", -1}, {"u", -2}, {"un", 2},
    {"under", -3}, {"une", 3}, {"unemployment", -3}, {"until", -3}, {"up", -3}, {"update", -3},
    {"ur", -2}, {"urgence", 3}, {"us", -2}, {"use", -3}, {"used", -3}, {"using", -3},
    {"utiliser", 3}, {"vaccin", 0}, {"vaccine", 0}, {"vais", 3}, {"vas", 3}, {"vendredi", 3},
    {"verifier", 3}, {"vers", 2}, {"very", -3}, {"veuillez", 3}, {"veut", 3}, {"veux", 3},
    {"vieillesse", 3}, {"virement", 3}, {"visa", 0}, {"visiteur", 3}, {"visitor", -3}, {"vite", 3},
    {"voici", 3}, {"voila", 1}, {"voir", 3}, {"vol", 3}, {"volee", 3}, {"vos", 3}, {"votre", 3},
    {"voudrais", 3}, {"voudrait", 3}, {"voulais", 3}, {"voulez", 3}, {"vous", 3}, {"voyage", 2},
    {"voyager", 3}, {"vrai", 3}, {"vraie", 3}, {"vraiment", 3}, {"vs", 0}, {"wait", -3},
    {"waiting", -3}, {"wanna", -3}, {"want", -3}, {"was", -3}, {"water", -3}, {"way", -3},
    {"we", -3}, {"weather", -3}, {"web", 0}, {"website", -3}, {"wednesday", -3}, {"week", -3},
    {"weekend", 0}, {"well", -3}, {"went", -3}, {"were", -3}, {"what", -3}, {"what's", -3},
    {"whats", -2}, {"when", -3}, {"where", -3}, {"where's", -3}, {"wheres", -2}, {"whether", -3},
    {"which", -3}, {"while", -3}, {"who", -3}, {"who's", -3}, {"whom", -3}, {"whose", -3},
    {"why", -3}, {"why's", -3}, {"wife", -3}, {"will", -3}, {"with", -3}, {"within", -3},
    {"without", -3}, {"won't", -3}, {"wont", -2}, {"work", -2}, {"working", -3}, {"worst", -3},
    {"would", -3}, {"write", -3}, {"wrong", -3}, {"y", 1}, {"ya", 0}, {"yeah", -3}, {"year", -3},
    {"years", -3}, {"yep", -3}, {"yes", -3}, {"yesterday", -3}, {"yet", -3}, {"you", -3},
    {"you're", -3}, {"your", -3}, {"youre", -3}, {"yours", -3}, {"yup", -3},
};
// clang-format on

constexpr bool IsSortedAndUnique() {
  for (std::size_t i = 1; i < std::size(kLexicon); ++i) {
    if (!(kLexicon[i - 1].word < kLexicon[i].word)) return false;
  }
  return true;
}
static_assert(IsSortedAndUnique(), "kLexicon must be sorted byte-wise, without duplicates");

bool EndsWith(std::string_view word, std::string_view suffix) {
  return word.size() > suffix.size() + 1 && word.substr(word.size() - suffix.size()) == suffix;
}

bool Contains(std::string_view word, std::string_view part) {
  return word.find(part) != std::string_view::npos;
}

}  // namespace

std::optional<int> WordWeight(std::string_view folded_word) {
  const auto it =
      std::lower_bound(std::begin(kLexicon), std::end(kLexicon), folded_word,
                       [](const Entry& entry, std::string_view word) { return entry.word < word; });
  if (it == std::end(kLexicon) || it->word != folded_word) return std::nullopt;
  return it->weight;
}

int SpellingWeight(std::string_view w) {
  if (w.size() < 4) return 0;
  // English: these letter groups are rare in French outside loanwords ("-or" is
  // French "-eur": survivor / survivant, visitor / visiteur).
  if (EndsWith(w, "ing") || EndsWith(w, "ings") || Contains(w, "ght") || EndsWith(w, "th") ||
      Contains(w, "w") || Contains(w, "sh") || Contains(w, "ck") || EndsWith(w, "ly") ||
      EndsWith(w, "ness") || EndsWith(w, "ful") || EndsWith(w, "less") || Contains(w, "ould") ||
      EndsWith(w, "or")) {
    return -1;
  }
  // French: typical endings and vowel groups.
  if (Contains(w, "eau") || Contains(w, "oeu") || EndsWith(w, "eux") || EndsWith(w, "euse") ||
      EndsWith(w, "aux") || EndsWith(w, "oir") || EndsWith(w, "oire") || EndsWith(w, "ique") ||
      EndsWith(w, "iques") || EndsWith(w, "eur") || EndsWith(w, "eurs") || EndsWith(w, "ette") ||
      EndsWith(w, "ez") || EndsWith(w, "ait") || EndsWith(w, "aient")) {
    return 1;
  }
  return 0;
}

}  // namespace relais::engine::language_lexicon
