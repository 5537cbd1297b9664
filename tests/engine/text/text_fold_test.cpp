// Tests for FoldText: one section per folding rule, with French and English text.
#include "relais/engine/text_fold.h"

#include <catch2/catch_test_macros.hpp>
#include <string>

#include "relais/engine/utf8.h"

using relais::engine::FoldText;
using relais::engine::IsValidUtf8;

TEST_CASE("FoldText lowercases ASCII and keeps digits and punctuation", "[text_fold]") {
  CHECK(FoldText("Hello World 42!") == "hello world 42!");
  CHECK(FoldText("PASSPORT, Renewal?") == "passport, renewal?");
  CHECK(FoldText("") == "");
  CHECK(FoldText("a+b=c; (x) [y] {z} #1 @me 50% $3 & <ok>") ==
        "a+b=c; (x) [y] {z} #1 @me 50% $3 & <ok>");
}

TEST_CASE("FoldText removes French accents", "[text_fold]") {
  CHECK(FoldText("Élève à l'école") == "eleve a l'ecole");
  CHECK(FoldText("ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ") == "aaaceeeeiioouuuy");
  CHECK(FoldText("àâäçéèêëîïôöùûüÿ") == "aaaceeeeiioouuuy");
  CHECK(FoldText("Où est la carte d'assurance-maladie?") == "ou est la carte d'assurance-maladie?");
  CHECK(FoldText("Ça coûte combien?") == "ca coute combien?");
}

TEST_CASE("FoldText removes other Latin-1 and Latin Extended-A diacritics", "[text_fold]") {
  CHECK(FoldText("Señor Ñandú") == "senor nandu");
  CHECK(FoldText("Åse Øre Ýmir Ðór Þing") == "ase ore ymir dor thing");
  CHECK(FoldText("Łódź Kraków") == "lodz krakow");
  CHECK(FoldText("Dvořák Škoda Čapek") == "dvorak skoda capek");
  CHECK(FoldText("Ğüneş İzmir ıstanbul") == "gunes izmir istanbul");
  CHECK(FoldText("Erdős Győr") == "erdos gyor");
  CHECK(FoldText("Ștefan Țara") == "stefan tara");
}

TEST_CASE("FoldText handles decomposed (NFD) accents", "[text_fold]") {
  // "e" + combining acute, "a" + combining grave.
  CHECK(FoldText("e\xCC\x81le\xCC\x80ve a\xCC\x80") == "eleve a");
}

TEST_CASE("FoldText expands ligatures", "[text_fold]") {
  CHECK(FoldText("Œuvre cœur sœur") == "oeuvre coeur soeur");
  CHECK(FoldText("Æsop cæcum") == "aesop caecum");
  CHECK(FoldText("Straße STRAẞE") == "strasse strasse");
  CHECK(FoldText("ﬁnance ﬂight oﬃce ﬀ ﬄ ﬅ ﬆ") == "finance flight office ff ffl st st");
  CHECK(FoldText("Ĳssel") == "ijssel");
}

TEST_CASE("FoldText normalises apostrophes and quotes", "[text_fold]") {
  CHECK(FoldText("l’école") == "l'ecole");
  CHECK(FoldText("l‘école") == "l'ecole");
  CHECK(FoldText("lʼécole") == "l'ecole");
  CHECK(FoldText("l´école") == "l'ecole");
  CHECK(FoldText("l`école") == "l'ecole");
  CHECK(FoldText("don’t won‛t") == "don't won't");
  CHECK(FoldText("“quoted” „low‟") == "\"quoted\" \"low\"");
  CHECK(FoldText("« guillemets »") == "« guillemets »");  // kept: other punctuation
}

TEST_CASE("FoldText normalises dashes", "[text_fold]") {
  CHECK(FoldText("Saint‑Laurent") == "saint-laurent");  // U+2011 non-breaking hyphen
  CHECK(FoldText("2019–2020") == "2019-2020");          // en dash
  CHECK(FoldText("oui—non") == "oui-non");              // em dash
  CHECK(FoldText("a‐b‒c―d−e") == "a-b-c-d-e");
  CHECK(FoldText("wait…") == "wait...");
}

TEST_CASE("FoldText normalises spaces and removes invisible characters", "[text_fold]") {
  CHECK(FoldText("prix\xC2\xA0:") == "prix :");      // NBSP
  CHECK(FoldText("quoi\xE2\x80\xAF?") == "quoi ?");  // narrow NBSP
  CHECK(FoldText("a\tb\nc\rd") == "a b c d");
  CHECK(FoldText("zero\xE2\x80\x8Bwidth") == "zerowidth");  // ZWSP
  CHECK(FoldText("\xEF\xBB\xBFhello") == "hello");          // BOM
  CHECK(FoldText("re\xC2\xADnew") == "renew");              // soft hyphen
  CHECK(FoldText(std::string("a\0b", 3)) == "a b");         // NUL is a control
}

TEST_CASE("FoldText folds fullwidth, Greek and Cyrillic capitals", "[text_fold]") {
  CHECK(FoldText("ＰＡＳＳＰＯＲＴ １２") == "passport 12");
  CHECK(FoldText("ΑΒΓ") == "αβγ");
  CHECK(FoldText("ПРИВЕТ Ёж") == "привет ёж");
}

TEST_CASE("FoldText keeps emoji, CJK and symbols", "[text_fold]") {
  CHECK(FoldText("Merci 😀 👍🏽") == "merci 😀 👍🏽");
  CHECK(FoldText("東京 × ÷ €5") == "東京 × ÷ €5");
}

TEST_CASE("FoldText replaces each invalid UTF-8 byte by a space", "[text_fold]") {
  CHECK(FoldText("a\xFF"
                 "b") == "a b");
  CHECK(FoldText("\x80\x80x") == "  x");          // stray continuation bytes
  CHECK(FoldText("caf\xC3") == "caf ");           // truncated at the end
  CHECK(FoldText("\xC0\xAF") == "  ");            // overlong '/'
  CHECK(FoldText("\xED\xA0\x80z") == "   z");     // UTF-16 surrogate
  CHECK(FoldText("\xF4\x90\x80\x80") == "    ");  // above U+10FFFF
  CHECK(FoldText("\xE2\x82") == "  ");            // truncated 3-byte sequence
  CHECK(FoldText("\xC3\xA9\xC3") == "e ");        // valid then truncated
}

TEST_CASE("FoldText output is always valid UTF-8 for arbitrary bytes", "[text_fold]") {
  // Every byte value in every position of short strings: no crash, valid output.
  std::string input;
  for (int i = 0; i < 256; ++i) {
    for (int j = 0; j < 256; j += 7) {
      input.assign({static_cast<char>(i), static_cast<char>(j), '\xA9'});
      const std::string folded = FoldText(input);
      REQUIRE(IsValidUtf8(folded));
    }
  }
}

TEST_CASE("FoldText is idempotent", "[text_fold]") {
  const std::string samples[] = {"Élève ŒUVRE l’été — Straße", "ＡＢＣ ﬁ “x”", "a\xFF\xC3"};
  for (const std::string& s : samples) {
    const std::string once = FoldText(s);
    CHECK(FoldText(once) == once);
  }
}
