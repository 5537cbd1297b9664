// The language the text units normalise for.
#ifndef RELAIS_ENGINE_TEXT_LANGUAGE_H_
#define RELAIS_ENGINE_TEXT_LANGUAGE_H_

#include <compare>
#include <cstdint>
#include <string_view>

namespace relais::engine {

// Language of a text as far as normalisation is concerned: the language of a
// language module (language_module.h: English, French, Spanish...), a language
// the engine has no module for, kept by its code ("it", "pa", "iu": normalised by
// the generic module, and still reported with its own code), or kUnknown.
//
// kUnknown normalises for English and French at once (stop words of both, both
// stems), which is what a bilingual knowledge base needs when the language of a
// question is not known (normalizer.h).
//
// A small value (5 bytes), compared and ordered by value. number() is stored in
// serialised models: a module's number never changes (kEnglish 1, kFrench 2).
class TextLanguage {
 public:
  // number() of kUnknown and of a language without a module.
  static constexpr std::uint8_t kUnknownNumber = 0;
  static constexpr std::uint8_t kGenericNumber = 255;
  // The longest code kept: ISO 639 codes have two or three letters.
  static constexpr std::size_t kMaxCodeLength = 3;

  static const TextLanguage kUnknown;
  static const TextLanguage kEnglish;
  static const TextLanguage kFrench;

  constexpr TextLanguage() = default;  // kUnknown

  // For the language modules, to name their language (`number` unique among them,
  // `code` lowercase ASCII, at most kMaxCodeLength letters), and for
  // TextLanguageFromCode. Everyone else converts codes with TextLanguageFromCode.
  constexpr TextLanguage(std::uint8_t number, std::string_view code) : number_(number) {
    for (std::size_t i = 0; i < code.size() && i < kMaxCodeLength; ++i) code_[i] = code[i];
  }

  // The number stored in models: a module's, kGenericNumber or kUnknownNumber.
  constexpr std::uint8_t number() const { return number_; }
  // The code ("en", "it"); empty for kUnknown. Points into this object.
  constexpr std::string_view code() const { return std::string_view(code_); }

  friend constexpr bool operator==(const TextLanguage&, const TextLanguage&) = default;
  friend constexpr auto operator<=>(const TextLanguage&, const TextLanguage&) = default;

 private:
  std::uint8_t number_ = kUnknownNumber;
  char code_[kMaxCodeLength + 1] = {};  // NUL-terminated
};

inline constexpr TextLanguage TextLanguage::kUnknown{};
inline constexpr TextLanguage TextLanguage::kEnglish{1, "en"};
inline constexpr TextLanguage TextLanguage::kFrench{2, "fr"};

// Whether `code` is a language code as Relais writes one everywhere (knowledge-base
// sections, service.md, queues' languages): an ISO 639 code of two or three
// lowercase ASCII letters ("en", "fr", "iu", "oji"), nothing else.
bool IsLanguageCode(std::string_view code);

// The language of a code, case-insensitive, a region or script suffix allowed
// ("fr-CA", "es_MX", "zh-Hant"): the module's language when a module has that code
// (language_module.h), else the code kept for the generic module ("it"). kUnknown
// for "und", an empty code, or one whose first subtag is not two or three ASCII
// letters. Thread-safe.
TextLanguage TextLanguageFromCode(std::string_view code);

// "en", "fr", "it"... or "und" for kUnknown. The view stays valid as long as
// `language` does (a module's code is static). Thread-safe.
std::string_view TextLanguageCode(const TextLanguage& language);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_TEXT_LANGUAGE_H_
