// Deterministic random text for robustness tests of the engine's text functions.
#ifndef RELAIS_TESTS_ENGINE_RANDOM_TEXT_H_
#define RELAIS_TESTS_ENGINE_RANDOM_TEXT_H_

#include <iterator>
#include <random>
#include <string>
#include <string_view>

namespace relais::engine::testing {

// Up to 120 pieces mixing ASCII, accented letters, digits, punctuation, emoji,
// invalid UTF-8, NUL and words the signal detectors look for.
inline std::string RandomText(std::mt19937& rng) {
  // clang-format off
  static constexpr std::string_view kPieces[] = {
      "a", "e", "K1A", " ", "0", "9", "-", "/", "(", ")", "+", "@", ".", ",", "!", "?", "'",
      "é", "É", "à", "ç", "œ", "’", "😀", "\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80",
      "agent", "parler", "mars", "$", "€", "call me", "useless", "urgence", "613", "555", "0199",
      "2026", std::string_view("\0", 1), "\n", "\t", "qu'", "l'"};
  // clang-format on
  std::uniform_int_distribution<std::size_t> length(0, 120);
  std::uniform_int_distribution<std::size_t> piece(0, std::size(kPieces) - 1);
  std::string text;
  for (std::size_t n = length(rng); n > 0; --n) text += kPieces[piece(rng)];
  return text;
}

}  // namespace relais::engine::testing

#endif  // RELAIS_TESTS_ENGINE_RANDOM_TEXT_H_
