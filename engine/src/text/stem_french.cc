// A light French stemmer for accent-folded words, after Savoy (1999) and
// Lucene's FrenchLightStemmer. Accents are already folded (é→e, è→e), so the
// rules that Lucene writes with accents use their folded form here.
#include <string>

#include "relais/engine/stemmer.h"

namespace relais::engine {
namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Final normalisation shared by every rule: collapse doubled letters, drop a
// final -ie, -r, -e, -e and a last doubled consonant (words longer than four letters).
std::string Norm(std::string s) {
  if (s.size() > 4) {
    std::string collapsed;
    collapsed.reserve(s.size());
    for (char c : s) {
      if (collapsed.empty() || collapsed.back() != c) collapsed.push_back(c);
    }
    s = std::move(collapsed);
  }
  if (s.size() > 4 && EndsWith(s, "ie")) s.resize(s.size() - 2);
  if (s.size() > 4) {
    if (s.back() == 'r') s.pop_back();
    if (s.back() == 'e') s.pop_back();
    if (s.back() == 'e') s.pop_back();
    if (s.size() >= 2 && s[s.size() - 1] == s[s.size() - 2]) s.pop_back();
  }
  return s;
}

// Replaces the last `drop` characters of `s` by `with`.
std::string Replace(std::string s, std::size_t drop, std::string_view with) {
  s.resize(s.size() - drop);
  s.append(with);
  return s;
}

bool IsAsciiLowerWord(std::string_view word) {
  for (char c : word) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

}  // namespace

std::string StemFrench(std::string_view folded_word) {
  std::string s(folded_word);
  if (s.size() <= 2 || !IsAsciiLowerWord(s)) return s;
  std::size_t n = s.size();

  // Plurals: -aux → -al (chevaux → cheval, but not -eaux), then -x, -s.
  if (n > 5 && s[n - 1] == 'x') {
    if (s[n - 3] == 'a' && s[n - 2] == 'u' && s[n - 4] != 'e') s[n - 2] = 'l';
    s.pop_back();
  }
  if (s.size() > 3 && s.back() == 'x') s.pop_back();
  if (s.size() > 3 && s.back() == 's') s.pop_back();
  n = s.size();

  if (n > 9 && EndsWith(s, "issement")) return Norm(Replace(s, 6, "r"));  // finissement → finir
  if (n > 8 && EndsWith(s, "issant")) return Norm(Replace(s, 4, "r"));
  if (n > 6 && EndsWith(s, "ement")) {  // renouvellement → renouvelle
    s.resize(n - 4);
    if (s.size() > 3 && EndsWith(s, "ive")) s = Replace(s, 1, "f");  // activement → actif
    return Norm(s);
  }
  if (n > 11 && EndsWith(s, "ficatrice")) return Norm(Replace(s, 7, "er"));
  if (n > 10 && EndsWith(s, "ficateur")) return Norm(Replace(s, 6, "er"));
  if (n > 9 && EndsWith(s, "catrice")) return Norm(Replace(s, 7, "quer"));
  if (n > 8 && EndsWith(s, "cateur")) return Norm(Replace(s, 6, "quer"));
  if (n > 8 && EndsWith(s, "atrice")) return Norm(Replace(s, 6, "er"));
  if (n > 7 && EndsWith(s, "ateur")) return Norm(Replace(s, 5, "er"));
  if (n > 6 && EndsWith(s, "trice")) s = Replace(s, 5, "teur");
  n = s.size();
  if (n > 5 && EndsWith(s, "ieme")) return Norm(Replace(s, 4, ""));  // deuxieme → deux
  if (n > 7 && EndsWith(s, "teuse")) return Norm(Replace(s, 5, "ter"));
  if (n > 6 && EndsWith(s, "teur")) return Norm(Replace(s, 4, "ter"));
  if (n > 5 && EndsWith(s, "euse")) return Norm(Replace(s, 2, ""));
  if (n > 7 && EndsWith(s, "ive")) return Norm(Replace(s, 1, "f"));
  if (n > 8 && EndsWith(s, "nnelle")) return Norm(Replace(s, 4, ""));  // personnelle → person
  if (n > 7 && EndsWith(s, "nnel")) return Norm(Replace(s, 2, ""));    // personnel → person
  if (n > 8 && EndsWith(s, "ique")) s.resize(n - 4);                   // informatique → informat
  n = s.size();
  if (n > 8 && EndsWith(s, "esse")) return Norm(Replace(s, 3, ""));
  if (n > 7 && EndsWith(s, "inage")) return Norm(Replace(s, 3, ""));
  if (n > 9 && EndsWith(s, "isation")) {  // normalisation → normal
    s.resize(n - 7);
    if (s.size() > 5 && EndsWith(s, "ual")) s[s.size() - 2] = 'e';
    return Norm(s);
  }
  if (n > 9 && EndsWith(s, "isateur")) return Norm(Replace(s, 7, ""));
  if (n > 8 && EndsWith(s, "ation")) return Norm(Replace(s, 5, ""));  // inscription-like nouns
  if (n > 8 && EndsWith(s, "ition")) return Norm(Replace(s, 5, ""));
  // Past participles and infinitives fold together with the noun: -ee, -er, -e by Norm.
  return Norm(s);
}

}  // namespace relais::engine
