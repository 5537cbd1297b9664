// The engine's language modules (language_module.h), listed once
// (engine/src/text/language_registry.cc), and the generic fallback for a code
// without a module. Every function is thread-safe and returns static storage.
#ifndef RELAIS_ENGINE_LANGUAGE_REGISTRY_H_
#define RELAIS_ENGINE_LANGUAGE_REGISTRY_H_

#include <span>
#include <string_view>

#include "relais/engine/language_module.h"
#include "relais/engine/text_language.h"

namespace relais::engine {

// The registered modules, in registry order (English, French, then the others):
// the order in which spelling evidence is tried (language.h) and apostrophe forms
// are applied (normalizer.h). Each has a unique code and number.
std::span<const LanguageModule* const> LanguageModules();

// The module whose code is `code` (lowercase, as TextLanguage::code()), or nullptr.
const LanguageModule* FindLanguageModule(std::string_view code);

// The module for `language`: its registered module, or the generic module for a
// code without one and for kUnknown (callers that normalise kUnknown use
// NormalizingModules instead).
const LanguageModule& LanguageModuleFor(const TextLanguage& language);

// The generic module: folding and word splitting only, no stop words, no
// stemming (a word is its own stem), no detection evidence.
const LanguageModule& GenericLanguageModule();

// What kUnknown normalises for: English (Token::stem) then French
// (Token::alt_stem), as the engine always has. Kept to these two on purpose: one
// alternative stem per token is what the classifier's features were built on.
std::span<const LanguageModule* const> UnknownLanguageModules();

// The modules a text in `language` is normalised for: UnknownLanguageModules() for
// kUnknown, else LanguageModuleFor(language) alone. Stop words are those of any of
// them, the stem the first one's (normalizer.h, stop_words.h, stemmer.h).
std::span<const LanguageModule* const> NormalizingModules(const TextLanguage& language);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_LANGUAGE_REGISTRY_H_
