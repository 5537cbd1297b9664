// The Spanish language module: the stop words of the npm package `stopword`
// (generated at build time, minus the question words and negations kept on
// purpose), a light stemmer after J. Savoy as in Lucene's SpanishLightStemmer, and
// a detection lexicon of function words and common public-service words.
#include <algorithm>
#include <array>
#include <string>

#include "relais/engine/language_module.h"
#include "relais/engine/utf8.h"
#include "text/languages/lexicon.h"

namespace relais::engine {
namespace {

using namespace std::string_view_literals;

// Never renumber: stored in serialised models (text_language.h).
constexpr TextLanguage kSpanish{3, "es"};

// The package's list, folded and sorted (generate_stop_words.mjs, engine/CMakeLists.txt).
constexpr std::string_view kPackageStopWords[] = {
#include "text/languages/spanish_stop_words.inc"
};

// Kept as words, like the French and English lists keep them (stop_words.h): question
// words (qué, dónde, cuándo, cómo, quién, cuál, cuánto; "porque" too, which chat
// spelling uses for "por qué") and negations (no, ni, nunca, nada, nadie, sin...),
// folded. Some are not in the package's list today; listed all the same.
constexpr std::string_view kKept[] = {
    "como"sv,    "cual"sv,    "cuales"sv, "cuando"sv,  "cuanta"sv, "cuantas"sv,
    "cuanto"sv,  "cuantos"sv, "donde"sv,  "nada"sv,    "nadie"sv,  "ni"sv,
    "ninguna"sv, "ninguno"sv, "no"sv,     "nunca"sv,   "porque"sv, "que"sv,
    "quien"sv,   "quienes"sv, "sin"sv,    "tampoco"sv,
};

constexpr bool IsKept(std::string_view word) {
  for (std::string_view kept : kKept) {
    if (kept == word) return true;
  }
  return false;
}

constexpr std::size_t CountStopWords() {
  std::size_t count = 0;
  for (std::string_view word : kPackageStopWords) count += IsKept(word) ? 0 : 1;
  return count;
}

// kPackageStopWords without kKept, still sorted.
constexpr auto kStopWords = [] {
  std::array<std::string_view, CountStopWords()> words{};
  std::size_t i = 0;
  for (std::string_view word : kPackageStopWords) {
    if (!IsKept(word)) words[i++] = word;
  }
  return words;
}();

constexpr bool IsSorted(std::span<const std::string_view> words) {
  for (std::size_t i = 1; i < words.size(); ++i) {
    if (!(words[i - 1] < words[i])) return false;
  }
  return true;
}
static_assert(IsSorted(kStopWords), "the generated list must be sorted byte-wise");

bool IsAsciiLowerWord(std::string_view word) {
  for (char c : word) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

// Savoy's light Spanish stemmer (as Lucene's SpanishLightStemmer), on accent-folded
// words: only words of five letters or more; a final -a, -e or -o goes (gender:
// ciudadano, ciudadana → ciudadan; pasaporte → pasaport), and of the plural marks
// -eses keeps its -es (meses → mes), -ces becomes -z (luces → luz), -os, -as and -es
// go (pasaportes → pasaport, solicitudes → solicitud, renovaciones → renovacion).
std::string StemSpanish(std::string_view folded_word) {
  std::string s(folded_word);
  const std::size_t n = s.size();
  if (n < 5 || !IsAsciiLowerWord(s)) return s;
  switch (s[n - 1]) {
    case 'a':
    case 'e':
    case 'o':
      s.pop_back();
      break;
    case 's':
      if (s[n - 2] == 'e' && s[n - 3] == 's' && s[n - 4] == 'e') {
        s.resize(n - 2);
      } else if (s[n - 2] == 'e' && s[n - 3] == 'c') {
        s[n - 3] = 'z';
        s.resize(n - 2);
      } else if (s[n - 2] == 'o' || s[n - 2] == 'a' || s[n - 2] == 'e') {
        s.resize(n - 2);
      }
      break;
    default:
      break;
  }
  return s;
}

// Function words and the common vocabulary of public-service questions. Words
// Spanish shares with French or English ("de", "la", "que", "en", "no", "error") weigh
// what they weigh in that language's lexicon, or less: they cancel out between the
// two and never make a French or English question Spanish.
// clang-format off
constexpr lexicon::Entry kLexicon[] = {
    {"a", 0}, {"abierto", 3}, {"abre", 3}, {"agente", 2}, {"al", 3}, {"algo", 3}, {"alguien", 3},
    {"algun", 3}, {"alguna", 3}, {"ano", 3}, {"anos", 3}, {"aqui", 3}, {"asi", 3}, {"ayuda", 3},
    {"ayudame", 3}, {"ayudar", 3}, {"buenas", 3}, {"buenos", 3}, {"cada", 3}, {"cambiar", 3},
    {"cerrado", 3}, {"certificado", 3}, {"cierra", 3}, {"cita", 3}, {"citas", 3}, {"ciudadania", 3},
    {"como", 3}, {"con", 3}, {"conducir", 3}, {"contra", 3}, {"contrasena", 3}, {"correo", 3},
    {"cual", 3}, {"cuales", 3}, {"cuando", 3}, {"cuanta", 3}, {"cuantas", 3}, {"cuanto", 3},
    {"cuantos", 3}, {"cuenta", 3}, {"cuesta", 3}, {"de", 3}, {"debo", 3}, {"del", 3}, {"demora", 3},
    {"desde", 3}, {"dias", 3}, {"dinero", 3}, {"direccion", 3}, {"documentos", 2}, {"donde", 3},
    {"durante", 3}, {"el", 3}, {"electronico", 3}, {"ella", 3}, {"ellas", 3}, {"ellos", 3},
    {"en", 2}, {"entre", 3}, {"enviar", 3}, {"error", 2}, {"es", 3}, {"esa", 3}, {"ese", 3},
    {"eso", 3}, {"esta", 3}, {"estado", 3}, {"estan", 3}, {"estar", 3}, {"estas", 3}, {"este", 3},
    {"esto", 3}, {"estos", 3}, {"estoy", 3}, {"estudiante", 3}, {"familia", 3}, {"favor", 2},
    {"formulario", 3}, {"funciona", 3}, {"gracias", 3}, {"gratis", 3}, {"hablar", 3}, {"hacer", 3},
    {"hago", 3}, {"hasta", 3}, {"hay", 3}, {"hijo", 3}, {"hijos", 3}, {"hola", 3}, {"horario", 3},
    {"horas", 2}, {"hoy", 3}, {"humano", 3}, {"impuestos", 3}, {"la", 2}, {"las", 3}, {"le", 1},
    {"les", 1}, {"licencia", 3}, {"llenar", 3}, {"lo", 3}, {"los", 3}, {"lunes", 3}, {"manana", 3},
    {"mas", 1}, {"me", 1}, {"mes", 2}, {"meses", 3}, {"mi", 2}, {"mis", 2}, {"muy", 3},
    {"nacimiento", 3}, {"nada", 3}, {"necesita", 3}, {"necesito", 3}, {"ni", 2}, {"nino", 3},
    {"ninos", 3}, {"no", 2}, {"noches", 3}, {"nos", 2}, {"nuestra", 3}, {"nuestro", 3},
    {"nueva", 3}, {"nuevo", 3}, {"numero", 3}, {"nunca", 3}, {"o", 2}, {"obtener", 3},
    {"oficina", 3}, {"olvide", 3}, {"olvido", 3}, {"pagar", 3}, {"pago", 3}, {"para", 3},
    {"pasaporte", 3}, {"perdi", 3}, {"perdida", 3}, {"perdido", 3}, {"permiso", 3}, {"pero", 3},
    {"persona", 2}, {"poco", 2}, {"por", 3}, {"porque", 3}, {"precio", 3}, {"problema", 3},
    {"puede", 3}, {"pueden", 3}, {"puedo", 3}, {"pues", 2}, {"que", 3}, {"quien", 3},
    {"quienes", 3}, {"quiero", 3}, {"quisiera", 3}, {"recibi", 3}, {"recibir", 3}, {"reembolso", 3},
    {"renovacion", 3}, {"renovar", 3}, {"requisitos", 3}, {"residencia", 3}, {"sabe", 3},
    {"saber", 3}, {"sacar", 3}, {"salud", 3}, {"se", 2}, {"seguro", 3}, {"semana", 3}, {"ser", 3},
    {"servicio", 3}, {"si", 1}, {"sin", 2}, {"sobre", 3}, {"solicitar", 3}, {"solicitud", 3},
    {"son", 2}, {"su", 3}, {"sus", 3}, {"tambien", 3}, {"tarda", 3}, {"tardes", 3}, {"tarjeta", 3},
    {"te", 2}, {"telefono", 3}, {"tener", 3}, {"tengo", 3}, {"ti", 2}, {"tiempo", 3}, {"tiene", 3},
    {"tienen", 3}, {"trabajar", 3}, {"trabajo", 3}, {"tramite", 3}, {"tu", 2}, {"tus", 3},
    {"un", 2}, {"una", 3}, {"unas", 3}, {"uno", 3}, {"unos", 3}, {"usted", 3}, {"ustedes", 3},
    {"veces", 3}, {"vez", 3}, {"viajar", 3}, {"y", 3}, {"ya", 1}, {"yo", 3},
};
// clang-format on
static_assert(lexicon::IsSortedAndUnique(kLexicon), "kLexicon: sorted byte-wise, no duplicates");

// Each letter or mark of Spanish but not French (á í ó ú ñ ¿ ¡) in the raw text, up
// to kMaxAccentEvidence in total, as French counts its accents.
constexpr double kAccentWeight = 1.5;
constexpr double kMaxAccentEvidence = 4.5;

bool IsSpanishMark(char32_t c) {
  switch (c) {
    case U'á':
    case U'í':
    case U'ó':
    case U'ú':
    case U'ñ':
    case U'Á':
    case U'Í':
    case U'Ó':
    case U'Ú':
    case U'Ñ':
    case U'¿':
    case U'¡':
      return true;
    default:
      return false;
  }
}

// Typical endings: -ción, -dad, -mente, gerunds and participles.
bool HasSpanishSpelling(std::string_view w) {
  using lexicon::EndsWith;
  if (w.size() < 4) return false;
  return EndsWith(w, "cion") || EndsWith(w, "ciones") || EndsWith(w, "dad") ||
         EndsWith(w, "dades") || EndsWith(w, "mente") || EndsWith(w, "ando") ||
         EndsWith(w, "iendo") || EndsWith(w, "ado") || EndsWith(w, "ados") || EndsWith(w, "ada") ||
         EndsWith(w, "adas") || EndsWith(w, "ido") || EndsWith(w, "idos") || EndsWith(w, "idas") ||
         EndsWith(w, "ario") || EndsWith(w, "arios");
}

class Spanish final : public LanguageModule {
 public:
  const TextLanguage& language() const override { return kSpanish; }

  bool IsStopWord(std::string_view word) const override {
    return std::binary_search(kStopWords.begin(), kStopWords.end(), word);
  }
  std::span<const std::string_view> StopWords() const override { return kStopWords; }
  std::string Stem(std::string_view word) const override { return StemSpanish(word); }

  double TextEvidence(std::string_view text) const override {
    double evidence = 0;
    for (std::size_t pos = 0; pos < text.size() && evidence < kMaxAccentEvidence;) {
      const Utf8Char c = DecodeUtf8(text, pos);
      if (c.valid && IsSpanishMark(c.code_point)) evidence += kAccentWeight;
      pos += c.length;
    }
    return std::min(evidence, kMaxAccentEvidence);
  }
  std::optional<double> WordWeight(std::string_view word) const override {
    return lexicon::Find(kLexicon, word);
  }
  double SpellingWeight(std::string_view word) const override {
    return HasSpanishSpelling(word) ? 1 : 0;
  }
};

}  // namespace

const LanguageModule& SpanishModule() {
  static const Spanish module;
  return module;
}

}  // namespace relais::engine
