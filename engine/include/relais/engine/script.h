// Messages in a writing system the knowledge base cannot read: the knowledge
// base's languages are written in the Latin script, so a question written mostly
// in Arabic, Chinese, Gurmukhi (Punjabi), Canadian syllabics (Inuktitut, Cree)...
// cannot be answered by it, whatever its words. The engine hands such a question
// to a person who reads that script ("digital first, not digital only"), and the
// widget can say so in the visitor's language.
//
// A script identifies a language only roughly (Arabic script is also Persian and
// Urdu; syllabics are Inuktitut, Cree and Ojibwe): `languages` lists the likely
// ones, most likely first, for routing to an agent with one of them.
#ifndef RELAIS_ENGINE_SCRIPT_H_
#define RELAIS_ENGINE_SCRIPT_H_

#include <optional>
#include <span>
#include <string_view>

namespace relais::engine {

struct OtherScript {
  std::string_view script;                      // ISO 15924: "Arab", "Hani", "Guru", "Cans"...
  std::span<const std::string_view> languages;  // BCP 47, likeliest first: {"ar", "fa", "ur"}
};

// The script other than Latin in which at least half of the letters of `text`
// are written (digits, punctuation, spaces and emoji are not letters), or
// nullopt: Latin text, too few letters (fewer than 2), or no script in the
// majority. Han with kana is Japanese ("Jpan"); Hangul is Korean. Only the first
// 4 KiB are read. Pure and thread-safe.
std::optional<OtherScript> DetectOtherScript(std::string_view text);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_SCRIPT_H_
