#include "relais/engine/text_fold.h"

#include "relais/engine/utf8.h"

namespace relais::engine {
namespace {

// Folded forms of U+00C0..U+00FF; nullptr keeps the character.
constexpr const char* kLatin1[64] = {
    "a",  "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i",  "i",  // C0
    "d",  "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th",
    "ss",                                                                                   // D0
    "a",  "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i",  "i",  // E0
    "d",  "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th",
    "y",  // F0
};

// Folded forms of U+0100..U+017F (Latin Extended-A), all letters.
constexpr const char* kLatinExtA[128] = {
    "a", "a", "a",  "a",  "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",  // 100
    "d", "d", "e",  "e",  "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",  // 110
    "g", "g", "g",  "g",  "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",  // 120
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",  // 130
    "l", "l", "l",  "n",  "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",  // 140
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",  // 150
    "s", "s", "t",  "t",  "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",  // 160
    "u", "u", "u",  "u",  "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",  // 170
};

// Alphabetic presentation forms U+FB00..U+FB06.
constexpr const char* kLigatures[7] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};

}  // namespace

void FoldCodePoint(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') {
      out->push_back(static_cast<char>(cp + ('a' - 'A')));
    } else if (cp == '`') {
      out->push_back('\'');
    } else if (cp < 0x20 || cp == 0x7F) {
      out->push_back(' ');  // tab, new line and other controls (including NUL)
    } else {
      out->push_back(static_cast<char>(cp));
    }
    return;
  }
  if (cp < 0xC0) {
    switch (cp) {
      case 0xA0:  // no-break space
        out->push_back(' ');
        return;
      case 0xAD:  // soft hyphen: invisible, removed
        return;
      case 0xB4:  // acute accent used as an apostrophe
        out->push_back('\'');
        return;
      default:
        if (cp < 0xA0) {
          out->push_back(' ');  // C1 controls
        } else {
          AppendUtf8(cp, out);
        }
        return;
    }
  }
  if (cp < 0x100) {
    const char* folded = kLatin1[cp - 0xC0];
    if (folded != nullptr) {
      out->append(folded);
    } else {
      AppendUtf8(cp, out);  // × ÷
    }
    return;
  }
  if (cp < 0x180) {
    out->append(kLatinExtA[cp - 0x100]);
    return;
  }
  if (cp >= 0x300 && cp <= 0x36F) return;  // combining diacritical marks
  switch (cp) {
    case 0x218:  // Ș ș (Romanian)
    case 0x219:
      out->push_back('s');
      return;
    case 0x21A:  // Ț ț
    case 0x21B:
      out->push_back('t');
      return;
    case 0x2BC:   // modifier letter apostrophe
    case 0x2018:  // ‘
    case 0x2019:  // ’
    case 0x201A:  // ‚
    case 0x201B:  // ‛
    case 0x2032:  // prime
      out->push_back('\'');
      return;
    case 0x201C:  // “
    case 0x201D:  // ”
    case 0x201E:  // „
    case 0x201F:  // ‟
    case 0x2033:  // double prime
      out->push_back('"');
      return;
    case 0x2026:  // …
      out->append("...");
      return;
    case 0x2212:  // minus sign
      out->push_back('-');
      return;
    case 0x1E9E:  // capital sharp s
      out->append("ss");
      return;
    case 0x200B:  // zero-width space, non-joiner, joiner, word joiner, BOM
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
      return;
    case 0x2028:  // line and paragraph separators
    case 0x2029:
    case 0x202F:  // narrow no-break space (French typography)
    case 0x205F:
    case 0x3000:
      out->push_back(' ');
      return;
    default:
      break;
  }
  if (cp >= 0x2010 && cp <= 0x2015) {  // ‐ ‑ ‒ – — ―
    out->push_back('-');
  } else if (cp >= 0x2000 && cp <= 0x200A) {  // en quad .. hair space
    out->push_back(' ');
  } else if (cp >= 0xFB00 && cp <= 0xFB06) {
    out->append(kLigatures[cp - 0xFB00]);
  } else if (cp >= 0xFF01 && cp <= 0xFF5E) {  // fullwidth ASCII
    FoldCodePoint(cp - 0xFEE0, out);
  } else if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) {  // Greek capitals
    AppendUtf8(cp + 0x20, out);
  } else if (cp >= 0x410 && cp <= 0x42F) {  // Cyrillic capitals А..Я
    AppendUtf8(cp + 0x20, out);
  } else if (cp >= 0x400 && cp <= 0x40F) {  // Cyrillic capitals Ѐ..Џ
    AppendUtf8(cp + 0x50, out);
  } else {
    AppendUtf8(cp, out);
  }
}

std::string FoldText(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() + utf8.size() / 8);
  for (std::size_t pos = 0; pos < utf8.size();) {
    const auto byte = static_cast<unsigned char>(utf8[pos]);
    if (byte < 0x80) {  // fast path: ASCII
      FoldCodePoint(byte, &out);
      ++pos;
      continue;
    }
    const Utf8Char c = DecodeUtf8(utf8, pos);
    if (c.valid) {
      FoldCodePoint(c.code_point, &out);
    } else {
      out.push_back(' ');
    }
    pos += c.length;
  }
  return out;
}

}  // namespace relais::engine
