// The English language module: Porter stemming (stem_english.cc), the English stop
// words (stop_words.cc), contractions, and English's share of the detection lexicon.
#include <algorithm>
#include <array>
#include <iterator>

#include "relais/engine/language_module.h"
#include "relais/engine/stemmer.h"
#include "relais/engine/stop_words.h"
#include "text/languages/lexicon.h"

namespace relais::engine {
namespace {

// Whole English words with an apostrophe.
constexpr WordMapping kWholeContractions[] = {
    {"can't", "can not"}, {"won't", "will not"}, {"shan't", "shall not"}, {"ain't", "is not"},
    {"let's", "let us"},  {"y'all", "you all"},  {"ma'am", "madam"},      {"o'clock", "oclock"}};

// Suffix contractions, tried in order.
constexpr WordMapping kSuffixes[] = {{"n't", "not"},  {"'re", "are"}, {"'ve", "have"},
                                     {"'ll", "will"}, {"'m", "am"},   {"'d", "would"},
                                     {"'s", ""}};

// Contractions commonly typed without an apostrophe. Sorted by `from`.
constexpr WordMapping kBareContractions[] = {{"arent", "are not"},     {"cant", "can not"},
                                             {"couldnt", "could not"}, {"didnt", "did not"},
                                             {"doesnt", "does not"},   {"dont", "do not"},
                                             {"hadnt", "had not"},     {"hasnt", "has not"},
                                             {"havent", "have not"},   {"hows", "how is"},
                                             {"im", "i am"},           {"isnt", "is not"},
                                             {"ive", "i have"},        {"shouldnt", "should not"},
                                             {"thats", "that is"},     {"theyre", "they are"},
                                             {"wasnt", "was not"},     {"werent", "were not"},
                                             {"whats", "what is"},     {"wheres", "where is"},
                                             {"whos", "who is"},       {"wouldnt", "would not"},
                                             {"youre", "you are"}};

// Function words and the common vocabulary of public-service questions, including
// chat spellings ("pls", "thx", "whats", "cant"). Words spelled the same in French
// and common in both ("taxes", "agent", "visa", "a", "on", "me") weigh 0 here and in
// the French lexicon, so that their spelling is not used as evidence either.
// clang-format off
constexpr lexicon::Entry kLexicon[] = {
    {"a", 0}, {"about", 3}, {"account", 3}, {"across", 3}, {"add", 3}, {"address", 3}, {"ae", 0},
    {"after", 3}, {"afternoon", 3}, {"again", 3}, {"against", 3}, {"age", 0}, {"agent", 0},
    {"alarm", 2}, {"all", 3}, {"already", 3}, {"alright", 3}, {"also", 3}, {"although", 3},
    {"always", 3}, {"am", 3}, {"an", 1}, {"and", 3}, {"another", 3}, {"any", 3}, {"anyone", 3},
    {"anything", 3}, {"application", 0}, {"applications", 0}, {"apply", 3}, {"appointment", 3},
    {"appt", 3}, {"april", 3}, {"are", 3}, {"around", 3}, {"arrive", 0}, {"as", 0}, {"ask", 3},
    {"asked", 3}, {"at", 3}, {"august", 3}, {"away", 3}, {"baby", 2}, {"back", 3}, {"bad", 3},
    {"balance", 0}, {"bank", 3}, {"be", 3}, {"because", 3}, {"been", 3}, {"before", 3},
    {"being", 3}, {"benefit", 3}, {"benefits", 3}, {"best", 3}, {"better", 3}, {"between", 3},
    {"big", 3}, {"bill", 2}, {"birth", 3}, {"blocked", 3}, {"book", 2}, {"both", 3}, {"broken", 3},
    {"bus", 0}, {"but", 3}, {"buy", 3}, {"by", 2}, {"bye", 2}, {"calendar", 3}, {"call", 3},
    {"came", 3}, {"can", 3}, {"can't", 3}, {"canada", 0}, {"cancel", 3}, {"cant", 2}, {"car", 0},
    {"card", 3}, {"cent", 0}, {"certificate", 3}, {"change", 1}, {"check", 2}, {"checking", 3},
    {"cheque", 0}, {"child", 3}, {"children", 3}, {"citizenship", 3}, {"clock", 3}, {"close", 2},
    {"closed", 3}, {"code", 0}, {"come", 3}, {"complaint", 3}, {"contact", 0}, {"contacts", 0},
    {"content", 0}, {"cool", 0}, {"correct", 0}, {"cost", 3}, {"costs", 3}, {"could", 3},
    {"covid", 0}, {"cpp", 2}, {"cra", 2}, {"create", 3}, {"credit", 0}, {"dad", 3}, {"damaged", 3},
    {"date", 0}, {"dates", 0}, {"day", 3}, {"days", 3}, {"death", 3}, {"debit", 0}, {"december", 3},
    {"declined", 3}, {"delete", 3}, {"deposit", 3}, {"did", 3}, {"didn't", 3}, {"didnt", 3},
    {"digits", 3}, {"direct", 0}, {"do", 3}, {"document", 0}, {"documents", 0}, {"does", 3},
    {"doesn't", 3}, {"doesnt", 3}, {"dollars", 0}, {"don't", 3}, {"dont", 0}, {"down", 3},
    {"drink", 3}, {"driver", 3}, {"drivers", 3}, {"driving", 3}, {"during", 3}, {"each", 3},
    {"early", 3}, {"easy", 3}, {"eat", 3}, {"ei", 2}, {"eight", 3}, {"either", 3}, {"else", 3},
    {"email", 0}, {"emergency", 3}, {"end", 2}, {"enough", 3}, {"error", 2}, {"evening", 3},
    {"event", 2}, {"ever", 3}, {"every", 3}, {"everyone", 3}, {"everything", 3}, {"excuse", 0},
    {"false", 3}, {"family", 3}, {"far", 3}, {"fast", 3}, {"february", 3}, {"fee", 3}, {"feel", 3},
    {"fees", 3}, {"file", 2}, {"find", 3}, {"fine", 1}, {"first", 3}, {"five", 3}, {"fix", 3},
    {"flight", 3}, {"food", 3}, {"for", 3}, {"forget", 3}, {"forgot", 3}, {"form", 3}, {"forms", 3},
    {"four", 3}, {"free", 2}, {"freeze", 3}, {"friday", 3}, {"friend", 3}, {"friends", 3},
    {"from", 3}, {"frozen", 3}, {"gave", 3}, {"get", 3}, {"give", 3}, {"go", 3}, {"going", 3},
    {"gone", 3}, {"gonna", 3}, {"good", 3}, {"goodbye", 3}, {"got", 3}, {"great", 3}, {"gst", 2},
    {"had", 3}, {"happy", 3}, {"hard", 3}, {"has", 3}, {"hate", 3}, {"have", 3}, {"he", 2},
    {"health", 3}, {"hello", 3}, {"help", 3}, {"her", 3}, {"here", 3}, {"hey", 3}, {"hi", 3},
    {"high", 3}, {"him", 3}, {"his", 3}, {"history", 3}, {"home", 2}, {"hotel", 0}, {"hours", 3},
    {"house", 3}, {"how", 3}, {"how's", 3}, {"hows", 2}, {"hst", 1}, {"human", 3}, {"hundred", 3},
    {"husband", 3}, {"i", 3}, {"i'd", 3}, {"i'm", 3}, {"i've", 3}, {"identity", 3}, {"idk", 3},
    {"if", 3}, {"im", 2}, {"immigration", 0}, {"important", 0}, {"in", 2}, {"income", 3},
    {"info", 0}, {"information", 0}, {"insurance", 3}, {"interest", 3}, {"internet", 0},
    {"into", 3}, {"is", 3}, {"isn't", 3}, {"isnt", 3}, {"issue", 2}, {"it", 3}, {"it's", 3},
    {"its", 3}, {"ive", 2}, {"january", 3}, {"job", 3}, {"july", 3}, {"june", 3}, {"just", 3},
    {"keep", 3}, {"kid", 2}, {"kids", 2}, {"know", 3}, {"large", 0}, {"last", 3}, {"late", 3},
    {"later", 3}, {"learn", 3}, {"least", 3}, {"left", 3}, {"less", 3}, {"let", 2}, {"let's", 3},
    {"licence", 0}, {"license", 2}, {"light", 3}, {"lights", 3}, {"like", 3}, {"limit", 2},
    {"list", 2}, {"little", 3}, {"loan", 3}, {"locked", 3}, {"log", 3}, {"login", 2}, {"lol", 0},
    {"long", 0}, {"look", 3}, {"looking", 3}, {"lose", 3}, {"lost", 3}, {"love", 2}, {"low", 3},
    {"mail", 1}, {"mailing", 3}, {"make", 3}, {"many", 3}, {"march", 2}, {"marriage", 3},
    {"may", 1}, {"maybe", 3}, {"me", 0}, {"meeting", 2}, {"menu", 0}, {"message", 0}, {"might", 3},
    {"mine", 3}, {"minute", 0}, {"minutes", 0}, {"mom", 3}, {"moment", 0}, {"monday", 3},
    {"money", 3}, {"month", 3}, {"month's", 3}, {"more", 3}, {"morning", 3}, {"mortgage", 3},
    {"most", 3}, {"much", 3}, {"music", 3}, {"must", 3}, {"my", 3}, {"nah", 2}, {"name", 3},
    {"near", 3}, {"nearest", 3}, {"need", 3}, {"neither", 3}, {"never", 3}, {"new", 3}, {"next", 3},
    {"nice", 2}, {"night", 3}, {"nine", 3}, {"no", 2}, {"nobody", 3}, {"nope", 3}, {"normal", 0},
    {"not", 3}, {"note", 0}, {"nothing", 3}, {"november", 3}, {"now", 2}, {"number", 3}, {"oas", 2},
    {"october", 3}, {"of", 3}, {"off", 3}, {"office", 3}, {"ok", 0}, {"okay", 2}, {"old", 2},
    {"on", 0}, {"one", 2}, {"online", 3}, {"only", 3}, {"ontario", 0}, {"open", 2}, {"opening", 3},
    {"or", 2}, {"order", 2}, {"other", 3}, {"our", 3}, {"ours", 3}, {"out", 3}, {"over", 3},
    {"own", 3}, {"pardon", 0}, {"parking", 0}, {"passport", 3}, {"password", 3}, {"pay", 3},
    {"payee", 0}, {"payment", 3}, {"pension", 0}, {"pensions", 0}, {"people", 3}, {"perhaps", 3},
    {"permanent", 0}, {"permit", 0}, {"person", 3}, {"phone", 2}, {"photo", 0}, {"photos", 0},
    {"pin", 1}, {"place", 0}, {"plan", 0}, {"play", 2}, {"please", 3}, {"pls", 3}, {"plz", 3},
    {"points", 0}, {"possible", 0}, {"premier", 0}, {"price", 2}, {"problem", 3}, {"processing", 3},
    {"put", 3}, {"quebec", 0}, {"question", 0}, {"questions", 0}, {"rate", 1}, {"read", 3},
    {"really", 3}, {"receive", 3}, {"received", 3}, {"refund", 3}, {"refuse", 0}, {"register", 3},
    {"remind", 3}, {"reminder", 3}, {"remove", 3}, {"renew", 3}, {"renewal", 3}, {"replace", 3},
    {"replacement", 3}, {"report", 2}, {"representative", 3}, {"required", 3}, {"reservation", 0},
    {"reset", 3}, {"residence", 0}, {"resident", 0}, {"restaurant", 0}, {"retirement", 3},
    {"rewards", 3}, {"right", 3}, {"routing", 3}, {"sad", 3}, {"said", 3}, {"same", 3},
    {"saturday", 3}, {"savings", 3}, {"say", 3}, {"schedule", 3}, {"school", 3}, {"score", 0},
    {"security", 3}, {"see", 3}, {"seen", 3}, {"send", 3}, {"sent", 3}, {"september", 3},
    {"service", 0}, {"services", 0}, {"set", 2}, {"seven", 3}, {"shall", 3}, {"she", 3},
    {"should", 3}, {"show", 2}, {"sign", 3}, {"signed", 3}, {"simple", 0}, {"sin", 2}, {"since", 3},
    {"site", 0}, {"slow", 3}, {"small", 3}, {"so", 2}, {"social", 0}, {"some", 3}, {"somebody", 3},
    {"someone", 3}, {"something", 3}, {"sometimes", 3}, {"song", 3}, {"soon", 3}, {"sorry", 3},
    {"speak", 3}, {"spending", 3}, {"start", 2}, {"statement", 3}, {"status", 2}, {"still", 3},
    {"stolen", 3}, {"stop", 0}, {"student", 3}, {"study", 3}, {"such", 3}, {"summer", 3},
    {"sunday", 3}, {"super", 0}, {"sure", 1}, {"sv", 0}, {"take", 3}, {"talk", 3}, {"tax", 3},
    {"taxes", 0}, {"taxi", 0}, {"tell", 3}, {"ten", 2}, {"test", 0}, {"tests", 0}, {"text", 2},
    {"than", 3}, {"thank", 3}, {"thanks", 3}, {"that", 3}, {"that's", 3}, {"the", 3}, {"theft", 3},
    {"their", 3}, {"them", 3}, {"then", 3}, {"there", 3}, {"there's", 3}, {"these", 3}, {"they", 3},
    {"thing", 3}, {"things", 3}, {"think", 3}, {"this", 3}, {"those", 3}, {"though", 3},
    {"thousand", 3}, {"three", 3}, {"through", 3}, {"thursday", 3}, {"thx", 3}, {"time", 3},
    {"timer", 2}, {"to", 3}, {"today", 3}, {"told", 3}, {"tomorrow", 3}, {"tonight", 3}, {"too", 3},
    {"took", 3}, {"total", 0}, {"track", 3}, {"tracking", 3}, {"transactions", 0}, {"transfer", 2},
    {"transport", 0}, {"travel", 3}, {"trip", 3}, {"true", 3}, {"try", 3}, {"trying", 3},
    {"tuesday", 3}, {"turn", 3}, {"two", 3}, {"ty", 1}, {"u", 2}, {"under", 3}, {"unemployment", 3},
    {"until", 3}, {"up", 3}, {"update", 3}, {"ur", 2}, {"us", 2}, {"use", 3}, {"used", 3},
    {"using", 3}, {"vaccin", 0}, {"vaccine", 0}, {"very", 3}, {"visa", 0}, {"visitor", 3},
    {"vs", 0}, {"wait", 3}, {"waiting", 3}, {"wanna", 3}, {"want", 3}, {"was", 3}, {"water", 3},
    {"way", 3}, {"we", 3}, {"weather", 3}, {"web", 0}, {"website", 3}, {"wednesday", 3},
    {"week", 3}, {"weekend", 0}, {"well", 3}, {"went", 3}, {"were", 3}, {"what", 3}, {"what's", 3},
    {"whats", 2}, {"when", 3}, {"where", 3}, {"where's", 3}, {"wheres", 2}, {"whether", 3},
    {"which", 3}, {"while", 3}, {"who", 3}, {"who's", 3}, {"whom", 3}, {"whose", 3}, {"why", 3},
    {"why's", 3}, {"wife", 3}, {"will", 3}, {"with", 3}, {"within", 3}, {"without", 3},
    {"won't", 3}, {"wont", 2}, {"work", 2}, {"working", 3}, {"worst", 3}, {"would", 3},
    {"write", 3}, {"wrong", 3}, {"ya", 0}, {"yeah", 3}, {"year", 3}, {"years", 3}, {"yep", 3},
    {"yes", 3}, {"yesterday", 3}, {"yet", 3}, {"you", 3}, {"you're", 3}, {"your", 3}, {"youre", 3},
    {"yours", 3}, {"yup", 3},
};
// clang-format on
static_assert(lexicon::IsSortedAndUnique(kLexicon), "kLexicon: sorted byte-wise, no duplicates");

// An English contraction or possessive not in the lexicon ("we're", "john's") is
// as telling as a common word.
constexpr double kContractionWeight = 2.0;

bool IsContraction(std::string_view word) {
  const std::size_t apostrophe = word.rfind('\'');
  if (apostrophe == std::string_view::npos || apostrophe == 0) return false;
  static constexpr std::array<std::string_view, 7> kEndings = {"s",  "t",  "m", "re",
                                                               "ve", "ll", "d"};
  const std::string_view ending = word.substr(apostrophe + 1);
  return std::find(kEndings.begin(), kEndings.end(), ending) != kEndings.end();
}

// Letter groups rare in French outside loanwords ("-or" is French "-eur": survivor /
// survivant, visitor / visiteur).
bool HasEnglishSpelling(std::string_view w) {
  using lexicon::Contains;
  using lexicon::EndsWith;
  if (w.size() < 4) return false;
  return EndsWith(w, "ing") || EndsWith(w, "ings") || Contains(w, "ght") || EndsWith(w, "th") ||
         Contains(w, "w") || Contains(w, "sh") || Contains(w, "ck") || EndsWith(w, "ly") ||
         EndsWith(w, "ness") || EndsWith(w, "ful") || EndsWith(w, "less") || Contains(w, "ould") ||
         EndsWith(w, "or");
}

class English final : public LanguageModule {
 public:
  const TextLanguage& language() const override { return TextLanguage::kEnglish; }

  bool IsStopWord(std::string_view word) const override { return IsEnglishStopWord(word); }
  std::span<const std::string_view> StopWords() const override { return EnglishStopWords(); }
  std::string Stem(std::string_view word) const override { return StemEnglish(word); }

  const ApostropheForms& apostrophe_forms() const override {
    static constexpr ApostropheForms kForms{
        .whole_words = kWholeContractions, .prefixes = {}, .joined = {}, .suffixes = kSuffixes};
    return kForms;
  }
  std::string_view BareExpansion(std::string_view word) const override {
    const auto* it =
        std::lower_bound(std::begin(kBareContractions), std::end(kBareContractions), word,
                         [](const WordMapping& m, std::string_view w) { return m.from < w; });
    return it != std::end(kBareContractions) && it->from == word ? it->to : std::string_view();
  }

  std::optional<double> WordWeight(std::string_view word) const override {
    return lexicon::Find(kLexicon, word);
  }
  double SpellingWeight(std::string_view word) const override {
    if (IsContraction(word)) return kContractionWeight;
    return HasEnglishSpelling(word) ? 1 : 0;
  }
};

}  // namespace

const LanguageModule& EnglishModule() {
  static const English module;
  return module;
}

}  // namespace relais::engine
