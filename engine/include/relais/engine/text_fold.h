// Text folding: the first, language-independent step of every text comparison in
// the engine (features, retrieval, entity and signal matching).
#ifndef RELAIS_ENGINE_TEXT_FOLD_H_
#define RELAIS_ENGINE_TEXT_FOLD_H_

#include <string>
#include <string_view>

namespace relais::engine {

// Appends the folded form of one code point to `*out`. See FoldText for the
// rules. Thread-safe, no allocation beyond the append.
void FoldCodePoint(char32_t code_point, std::string* out);

// Folds UTF-8 text for matching:
//  - lowercase (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic, fullwidth forms);
//  - accents removed: é→e, à→a, ç→c, ñ→n, ł→l, ő→o, ... (Latin-1 Supplement,
//    Latin Extended-A, Romanian ș/ț, ẞ); combining marks (U+0300–U+036F) dropped, so
//    decomposed (NFD) input folds like composed input;
//  - ligatures expanded: œ→oe, æ→ae, ß→ss, ĳ→ij, ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ;
//  - apostrophes and single quotes ’ ‘ ‛ ʼ ´ ` ′ → '; double quotes “ ” „ ‟ ″ → ";
//  - dashes and hyphens ‐ ‑ ‒ – — ― − → -; ellipsis … → ...;
//  - every Unicode space (NBSP, narrow NBSP, U+2000–U+200A, ideographic space, tab,
//    new line, other C0/C1 controls) → one ' '; zero-width characters and the soft
//    hyphen are removed;
//  - every invalid UTF-8 byte → ' ' (never reads out of bounds, never fails);
//  - every other character (digits, other punctuation, emoji, CJK...) is kept as is.
// Spaces are not collapsed (offsets stay roughly stable); the tokenizer does that.
// Returns valid UTF-8. Thread-safe; the result is owned by the caller.
std::string FoldText(std::string_view utf8);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_TEXT_FOLD_H_
