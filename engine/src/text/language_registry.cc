// The registry of language modules (language_registry.h). Adding a language: its
// module under languages/ (see engine/src/README.md), declared and listed below.
#include "relais/engine/language_registry.h"

#include <array>

namespace relais::engine {

// Each defined in languages/<name>.cc.
const LanguageModule& EnglishModule();
const LanguageModule& FrenchModule();
const LanguageModule& SpanishModule();
const LanguageModule& GenericModule();

namespace {

// The registered modules, one line each. English and French first: spelling
// evidence is tried in this order (language.h).
std::span<const LanguageModule* const> Registry() {
  static const LanguageModule* const kModules[] = {
      &EnglishModule(),
      &FrenchModule(),
      &SpanishModule(),
  };
  return kModules;
}

}  // namespace

std::span<const LanguageModule* const> LanguageModules() { return Registry(); }

const LanguageModule* FindLanguageModule(std::string_view code) {
  for (const LanguageModule* module : Registry()) {
    if (module->language().code() == code) return module;
  }
  return nullptr;
}

const LanguageModule& LanguageModuleFor(const TextLanguage& language) {
  if (language == TextLanguage::kUnknown) return GenericModule();
  return *NormalizingModules(language).front();
}

std::span<const LanguageModule* const> NormalizingModules(const TextLanguage& language) {
  if (language == TextLanguage::kUnknown) return UnknownLanguageModules();
  const std::span<const LanguageModule* const> registry = Registry();
  for (std::size_t i = 0; i < registry.size(); ++i) {
    if (registry[i]->language().number() == language.number()) return registry.subspan(i, 1);
  }
  static const LanguageModule* const kGeneric[] = {&GenericModule()};
  return kGeneric;
}

const LanguageModule& GenericLanguageModule() { return GenericModule(); }

std::span<const LanguageModule* const> UnknownLanguageModules() {
  static const std::array<const LanguageModule*, 2> modules = {&EnglishModule(), &FrenchModule()};
  return modules;
}

}  // namespace relais::engine
