// The Porter stemmer, after Martin Porter's reference C implementation
// (https://tartarus.org/martin/PorterStemmer/), restructured for std::string.
#include <string>

#include "relais/engine/language_registry.h"
#include "relais/engine/stemmer.h"

namespace relais::engine {
namespace {

class PorterStemmer {
 public:
  explicit PorterStemmer(std::string_view word) : b_(word), k_(static_cast<int>(word.size()) - 1) {}

  std::string Run() {
    if (k_ <= 1) return b_;  // words of one or two letters are left alone
    Step1ab();
    if (k_ > 0) {
      Step1c();
      Step2();
      Step3();
      Step4();
      Step5();
    }
    b_.resize(k_ + 1);
    return b_;
  }

 private:
  // True when b_[i] is a consonant ('y' is one at the start or after a vowel).
  bool Cons(int i) const {
    switch (b_[i]) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
        return false;
      case 'y':
        return i == 0 ? true : !Cons(i - 1);
      default:
        return true;
    }
  }

  // The number of vowel-consonant sequences in b_[0..j_].
  int M() const {
    int n = 0;
    int i = 0;
    while (true) {
      if (i > j_) return n;
      if (!Cons(i)) break;
      ++i;
    }
    ++i;
    while (true) {
      while (true) {
        if (i > j_) return n;
        if (Cons(i)) break;
        ++i;
      }
      ++i;
      ++n;
      while (true) {
        if (i > j_) return n;
        if (!Cons(i)) break;
        ++i;
      }
      ++i;
    }
  }

  bool VowelInStem() const {
    for (int i = 0; i <= j_; ++i) {
      if (!Cons(i)) return true;
    }
    return false;
  }

  bool DoubleC(int j) const { return j >= 1 && b_[j] == b_[j - 1] && Cons(j); }

  // consonant-vowel-consonant ending at i, the last not w, x or y.
  bool Cvc(int i) const {
    if (i < 2 || !Cons(i) || Cons(i - 1) || !Cons(i - 2)) return false;
    const char ch = b_[i];
    return ch != 'w' && ch != 'x' && ch != 'y';
  }

  bool Ends(std::string_view s) {
    const int length = static_cast<int>(s.size());
    if (length > k_ + 1) return false;
    if (std::string_view(b_).substr(k_ + 1 - length, length) != s) return false;
    j_ = k_ - length;
    return true;
  }

  void SetTo(std::string_view s) {
    b_.replace(j_ + 1, k_ - j_, s);
    k_ = j_ + static_cast<int>(s.size());
    b_.resize(k_ + 1);
  }

  void R(std::string_view s) {
    if (M() > 0) SetTo(s);
  }

  void Step1ab() {
    if (b_[k_] == 's') {
      if (Ends("sses")) {
        k_ -= 2;
      } else if (Ends("ies")) {
        SetTo("i");
      } else if (b_[k_ - 1] != 's') {
        --k_;
      }
    }
    if (Ends("eed")) {
      if (M() > 0) --k_;
    } else if ((Ends("ed") || Ends("ing")) && VowelInStem()) {
      k_ = j_;
      if (Ends("at")) {
        SetTo("ate");
      } else if (Ends("bl")) {
        SetTo("ble");
      } else if (Ends("iz")) {
        SetTo("ize");
      } else if (DoubleC(k_)) {
        --k_;
        const char ch = b_[k_];
        if (ch == 'l' || ch == 's' || ch == 'z') ++k_;
      } else if (j_ = k_; M() == 1 && Cvc(k_)) {
        SetTo("e");
      }
    }
  }

  void Step1c() {
    if (Ends("y") && VowelInStem()) b_[k_] = 'i';
  }

  void Step2() {
    struct Rule {
      std::string_view from, to;
    };
    static constexpr Rule kRules[] = {{"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"},
                                      {"anci", "ance"},   {"izer", "ize"},    {"bli", "ble"},
                                      {"alli", "al"},     {"entli", "ent"},   {"eli", "e"},
                                      {"ousli", "ous"},   {"ization", "ize"}, {"ation", "ate"},
                                      {"ator", "ate"},    {"alism", "al"},    {"iveness", "ive"},
                                      {"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"},
                                      {"iviti", "ive"},   {"biliti", "ble"},  {"logi", "log"}};
    for (const Rule& rule : kRules) {
      if (rule.from[rule.from.size() - 2] != b_[k_ - 1]) continue;  // Porter's switch
      if (Ends(rule.from)) {
        R(rule.to);
        return;
      }
    }
  }

  void Step3() {
    struct Rule {
      std::string_view from, to;
    };
    static constexpr Rule kRules[] = {{"icate", "ic"}, {"ative", ""},  {"alize", "al"},
                                      {"iciti", "ic"}, {"ical", "ic"}, {"ful", ""},
                                      {"ness", ""}};
    for (const Rule& rule : kRules) {
      if (Ends(rule.from)) {
        R(rule.to);
        return;
      }
    }
  }

  void Step4() {
    static constexpr std::string_view kSuffixes[] = {
        "al",  "ance", "ence", "er",  "ic",  "able", "ible", "ant", "ement", "ment",
        "ent", "ion",  "ou",   "ism", "ate", "iti",  "ous",  "ive", "ize"};
    for (std::string_view suffix : kSuffixes) {
      if (suffix[suffix.size() - 2] != b_[k_ - 1]) continue;
      if (!Ends(suffix)) continue;
      if (suffix == "ion" && !(j_ >= 0 && (b_[j_] == 's' || b_[j_] == 't'))) return;
      if (M() > 1) k_ = j_;
      return;
    }
  }

  void Step5() {
    j_ = k_;
    if (b_[k_] == 'e') {
      const int a = M();
      if (a > 1 || (a == 1 && !Cvc(k_ - 1))) --k_;
    }
    if (b_[k_] == 'l' && DoubleC(k_) && M() > 1) --k_;  // M() over the original j_, as Porter's
  }

  std::string b_;
  int k_;
  int j_ = 0;
};

bool IsAsciiLowerWord(std::string_view word) {
  for (char c : word) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

}  // namespace

std::string StemEnglish(std::string_view folded_word) {
  if (folded_word.size() <= 2 || !IsAsciiLowerWord(folded_word)) return std::string(folded_word);
  return PorterStemmer(folded_word).Run();
}

std::string Stem(std::string_view folded_word, TextLanguage language) {
  return NormalizingModules(language).front()->Stem(folded_word);
}

}  // namespace relais::engine
