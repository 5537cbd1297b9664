// Entity extraction: e-mail addresses, phone numbers, Canadian postal codes,
// dates, amounts of money and file (application, case, reference) numbers found
// in a visitor's message, in French or English.
//
// The patterns are RE2 regular expressions compiled once per EntityExtractor, on
// the first text that could hold an entity (build the extractor at start-up and
// share it); nothing is compiled per query.
//
// What each type matches, and its normalised `value`:
//   "email"        name@example.ca. Value: lowercased.
//   "phone"        North American (NANP) numbers: 613-555-0199, (613) 555 0199,
//                  613.555.0199, 6135550199, 1 800 555 0199, +1-613-555-0199; French
//                  numbers: 06 12 34 56 78, 0612345678, +33 6 12 34 56 78. The area code
//                  and exchange must start with 2-9 (NANP rule), which keeps most other
//                  digit runs out. Value: the digits only, as written (country code kept
//                  when written): "6135550199", "18005550199", "0612345678".
//   "postal_code"  Canadian postal codes, any case, with or without the space, with
//                  only the letters Canada Post uses (no D F I O Q U; no W Z first).
//                  Value: "K1A 0B1".
//   "date"         ISO 2026-03-04; numeric 04/03/2026, 4.3.2026, 04-03-2026 (four-digit
//                  year only); "March 4", "Mar. 4th, 2026", "4th of July"; "4 mars 2026",
//                  "le 1er mai" (the span starts at the day, not at "le"). Impossible
//                  dates (2026-02-30) are dropped. Value: ISO "2026-03-04"; "--03-04"
//                  (ISO 8601 month-day) when the year is not written; for a numeric date
//                  whose day and month could be swapped (04/03/2026: 4 March in French,
//                  April 3 in US English), the text as written with '/' separators,
//                  "04/03/2026", because guessing would be wrong half the time.
//   "money"        $25, $ 1,000.50, 25,50 $, 1 000 $, 40 dollars, 30 €, 12 euros, 15 CAD.
//                  A number alone is never money. Value: the amount with '.' as
//                  decimal separator and no grouping: "25.50", "1000".
//   "file_number"  1 to 4 ASCII letters directly followed (optionally after one '-') by
//                  5 to 12 digits: A123456789, ABC-12345, QC1234567 (value uppercased,
//                  without the '-'); or a run of 7 to 15 digits that is not a phone
//                  number or a date: 12345678 (value: the digits). Shorter runs are left
//                  alone so that "3 enfants", "2026", "T4" and "covid-19" are not entities.
//
// No false positives on plain numbers: counts ("3 enfants", "2 kids"), years alone
// ("2026"), times and short codes are not matched.
#ifndef RELAIS_ENGINE_ENTITIES_H_
#define RELAIS_ENGINE_ENTITIES_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace relais::engine {

// Only the first kMaxEntityInputBytes bytes of a message are searched (cut at a
// character boundary); entities beyond are ignored. Chat messages are far shorter.
inline constexpr std::size_t kMaxEntityInputBytes = 4096;
// At most this many entities are returned per message (the first ones).
inline constexpr std::size_t kMaxEntitiesPerMessage = 32;

// One entity found in a message.
struct Entity {
  std::string type;       // "email", "phone", "postal_code", "date", "money", "file_number"
  std::string value;      // normalised form (see the file comment)
  std::size_t begin = 0;  // byte offset of the first byte in the input
  std::size_t end = 0;    // byte offset one past the last byte; text.substr(begin, end - begin)

  friend bool operator==(const Entity&, const Entity&) = default;
};

// The compiled patterns. Immutable once created: Extract() is const and safe to
// call from several threads at once on one shared extractor. Move-only.
class EntityExtractor {
 public:
  // Cheap: the patterns (each with a bounded RE2 memory budget, RE2 logging off)
  // are compiled by the first Extract of a text with a digit or an '@'.
  EntityExtractor();

  EntityExtractor(EntityExtractor&&) noexcept;
  EntityExtractor& operator=(EntityExtractor&&) noexcept;
  ~EntityExtractor();

  // Finds the entities of `text` (UTF-8; invalid bytes are tolerated and never part
  // of an entity), in order of position, without overlaps: where two candidates
  // overlap, the one starting first wins, then the longer, then the more specific
  // type (email, postal code, date, phone, money, file number). Never fails; an
  // empty result means nothing was found. The result is owned by the caller; offsets
  // refer to `text`. Thread-safe. A moved-from extractor returns an empty result.
  std::vector<Entity> Extract(std::string_view text) const;

 private:
  struct Patterns;
  std::unique_ptr<Patterns> patterns_;
};

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_ENTITIES_H_
