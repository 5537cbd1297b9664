// The language the text units normalise for.
#ifndef RELAIS_ENGINE_TEXT_LANGUAGE_H_
#define RELAIS_ENGINE_TEXT_LANGUAGE_H_

#include <cstdint>
#include <string_view>

namespace relais::engine {

// Language of a text as far as normalisation is concerned. kUnknown normalises
// for both languages at once (stop words of both, both stems), which is what a
// bilingual knowledge base needs when the language of a question is not known.
// The numeric values are stored in serialised models: never renumber.
enum class TextLanguage : std::uint8_t { kUnknown = 0, kEnglish = 1, kFrench = 2 };

// "en" / "fr" (case-insensitive, region suffix such as "fr-CA" allowed) or kUnknown.
TextLanguage TextLanguageFromCode(std::string_view code);

// "en", "fr" or "und".
std::string_view TextLanguageCode(TextLanguage language);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_TEXT_LANGUAGE_H_
