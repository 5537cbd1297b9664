#include "relais/engine/entities.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>

#include "relais/engine/utf8.h"

namespace relais::engine {
namespace {

// Each pattern's compiled program and DFA cache stay within this budget; past it
// RE2 falls back to its (slower, still linear) NFA rather than growing.
constexpr int64_t kPatternMaxMem = 1 << 20;
// The largest number of capturing groups any pattern below uses, plus one.
constexpr int kMaxGroups = 6;

// Lower rank wins when two candidates start at the same byte and have the same length.
enum class Kind {
  kEmail,
  kPostalCode,
  kIsoDate,
  kNumericDate,
  kMonthDay,
  kDayMonth,
  kFrenchDate,
  kNanpPhone,
  kFrenchPhone,
  kMoney,
  kLetterFileNumber,
  kDigitFileNumber,
  kCount
};

constexpr int Rank(Kind kind) {
  switch (kind) {
    case Kind::kEmail:
      return 0;
    case Kind::kPostalCode:
      return 1;
    case Kind::kIsoDate:
    case Kind::kNumericDate:
    case Kind::kMonthDay:
    case Kind::kDayMonth:
    case Kind::kFrenchDate:
      return 2;
    case Kind::kNanpPhone:
    case Kind::kFrenchPhone:
      return 3;
    case Kind::kMoney:
      return 4;
    default:
      return 5;
  }
}

constexpr const char* TypeName(Kind kind) {
  switch (Rank(kind)) {
    case 0:
      return "email";
    case 1:
      return "postal_code";
    case 2:
      return "date";
    case 3:
      return "phone";
    case 4:
      return "money";
    default:
      return "file_number";
  }
}

#define RELAIS_SP "[ \\x{00A0}\\x{202F}]"  // space, no-break space, narrow no-break space
#define RELAIS_MONTHS_EN                                                            \
  "(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|" \
  "september|sept|sep|october|oct|november|nov|december|dec)"
#define RELAIS_MONTHS_FR                                                             \
  "(janvier|janv|f[ée]vrier|f[ée]vr|f[ée]v|mars|avril|avr|mai|juin|juillet|juil|" \
  "ao[uû]t|septembre|sept|octobre|oct|novembre|nov|d[ée]cembre|d[ée]c)"
#define RELAIS_AMOUNT \
  "(\\d{1,3}(?:[ ,.\\x{00A0}\\x{202F}]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?)"

// Indexed by Kind. Every pattern is case-insensitive (compiled so), and every
// pattern needs an ASCII digit (RE2's \d is ASCII) or an '@': Extract skips texts
// with neither without compiling anything.
constexpr std::array<const char*, static_cast<size_t>(Kind::kCount)> kPatterns = {
    // kEmail
    "\\b[a-z0-9][a-z0-9._%+-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
    "(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\\.[a-z]{2,24}\\b",
    // kPostalCode
    "\\b([abceghj-nprstvxy]\\d[abceghj-nprstv-z])(?:" RELAIS_SP "|-)?(\\d[abceghj-nprstv-z]\\d)\\b",
    // kIsoDate
    "\\b(\\d{4})([-/.])(\\d{1,2})([-/.])(\\d{1,2})\\b",
    // kNumericDate
    "\\b(\\d{1,2})([-/.])(\\d{1,2})([-/.])(\\d{4})\\b",
    // kMonthDay: March 4, Mar. 4th, 2026
    "\\b" RELAIS_MONTHS_EN "\\.?" RELAIS_SP "+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?" RELAIS_SP
    "+(\\d{4})\\b)?",
    // kDayMonth: 4 March, 4th of July 2026
    "\\b(\\d{1,2})(?:st|nd|rd|th)?" RELAIS_SP "+(?:of" RELAIS_SP "+)?" RELAIS_MONTHS_EN
    "\\b\\.?(?:,?" RELAIS_SP "+(\\d{4})\\b)?",
    // kFrenchDate: 4 mars 2026, 1er mai
    "\\b(1er|\\d{1,2})" RELAIS_SP "+" RELAIS_MONTHS_FR "\\b\\.?(?:" RELAIS_SP "+(\\d{4})\\b)?",
    // kNanpPhone
    "(?:(?:\\+" RELAIS_SP "?1|\\b1)[-. \\x{00A0}]?)?(?:\\(" RELAIS_SP "?[2-9]\\d{2}" RELAIS_SP
    "?\\)" RELAIS_SP "?|\\b[2-9]\\d{2}[-. \\x{00A0}]?)[2-9]\\d{2}[-. \\x{00A0}]?\\d{4}\\b",
    // kFrenchPhone
    "(?:\\+" RELAIS_SP "?33" RELAIS_SP "?(?:\\(0\\)" RELAIS_SP
    "?)?|\\b0)[1-9]"
    "(?:[-. \\x{00A0}]?\\d{2}){4}\\b",
    // kMoney
    "(?:\\$" RELAIS_SP "?" RELAIS_AMOUNT "\\b|\\b" RELAIS_AMOUNT RELAIS_SP
    "?(?:\\$|€|(?:dollars?|cad|usd|euros?|eur)\\b))",
    // kLetterFileNumber
    "\\b([a-z]{1,4})-?(\\d{5,12})\\b",
    // kDigitFileNumber
    "\\b\\d{7,15}\\b",
};

#undef RELAIS_SP
#undef RELAIS_MONTHS_EN
#undef RELAIS_MONTHS_FR
#undef RELAIS_AMOUNT

struct Candidate {
  Kind kind;
  std::size_t begin;
  std::size_t end;
  std::string value;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string DigitsOf(std::string_view s) {
  std::string digits;
  for (char c : s) {
    if (IsDigit(c)) digits.push_back(c);
  }
  return digits;
}

std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Parses 1 to 4 ASCII digits; nullopt for anything else (including empty).
std::optional<int> SmallNumber(std::string_view s) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  int n = 0;
  for (char c : s) {
    if (!IsDigit(c)) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

int DaysInMonth(int month, std::optional<int> year) {
  static constexpr int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && year) {
    const int y = *year;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

// "2026-03-04", or "--03-04" without a year; empty when the date is impossible.
std::string IsoDate(std::optional<int> year, int month, int day) {
  if (month < 1 || month > 12 || day < 1) return "";
  if (year && (*year < 1900 || *year > 2199)) return "";
  if (day > DaysInMonth(month, year)) return "";
  // Every field is in range here: year has four digits, month and day two.
  auto two = [](int n) {
    return std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
  };
  const std::string month_day = two(month) + "-" + two(day);
  if (!year) return "--" + month_day;
  return two(*year / 100) + two(*year % 100) + "-" + month_day;
}

// Month number from an English or French month name or abbreviation (already
// matched by the patterns, any case, with or without accents).
int MonthNumber(std::string_view name) {
  const std::string lower = AsciiLower(name);
  const std::string_view n = lower;
  auto starts = [&](std::string_view prefix) { return n.substr(0, prefix.size()) == prefix; };
  if (starts("jan")) return 1;
  if (starts("fe") || starts("f\xc3\xa9") || starts("f\xc3\x89")) return 2;
  if (starts("mar")) return 3;
  if (starts("apr") || starts("av")) return 4;
  if (starts("may") || starts("mai")) return 5;
  if (starts("jun") || starts("juin")) return 6;
  if (starts("jul") || starts("juil")) return 7;
  if (starts("aug") || starts("ao")) return 8;
  if (starts("sep")) return 9;
  if (starts("oct")) return 10;
  if (starts("nov")) return 11;
  if (starts("dec") || starts("d\xc3\xa9") || starts("d\xc3\x89")) return 12;
  return 0;
}

// "1 000,50" / "1,000.50" / "25,5" → "1000.50" / "1000.50" / "25.50". A separator
// followed by exactly one or two final digits is the decimal mark; others group.
std::string MoneyValue(std::string_view amount) {
  std::string digits;
  std::string decimals;
  std::size_t last_sep = std::string_view::npos;
  for (std::size_t i = 0; i < amount.size(); ++i) {
    if (amount[i] == '.' || amount[i] == ',') last_sep = i;
  }
  std::string_view integer_part = amount;
  if (last_sep != std::string_view::npos) {
    const std::string_view tail = amount.substr(last_sep + 1);
    if (!tail.empty() && tail.size() <= 2 && DigitsOf(tail).size() == tail.size()) {
      decimals = std::string(tail);
      integer_part = amount.substr(0, last_sep);
    }
  }
  digits = DigitsOf(integer_part);
  const std::size_t first_nonzero = digits.find_first_not_of('0');
  digits = first_nonzero == std::string::npos ? "0" : digits.substr(first_nonzero);
  if (decimals.empty()) return digits;
  if (decimals.size() == 1) decimals.push_back('0');
  return digits + "." + decimals;
}

std::string_view Group(const re2::StringPiece* groups, int i) {
  return groups[i].data() == nullptr ? std::string_view()
                                     : std::string_view(groups[i].data(), groups[i].size());
}

// The normalised value of a match, or empty to reject it.
std::string Normalise(Kind kind, std::string_view whole, const re2::StringPiece* g) {
  switch (kind) {
    case Kind::kEmail:
      return AsciiLower(whole);
    case Kind::kPostalCode:
      return AsciiUpper(Group(g, 1)) + " " + AsciiUpper(Group(g, 2));
    case Kind::kIsoDate: {
      if (Group(g, 2) != Group(g, 4)) return "";
      return IsoDate(SmallNumber(Group(g, 1)), SmallNumber(Group(g, 3)).value_or(0),
                     SmallNumber(Group(g, 5)).value_or(0));
    }
    case Kind::kNumericDate: {
      if (Group(g, 2) != Group(g, 4)) return "";
      const int a = SmallNumber(Group(g, 1)).value_or(0);
      const int b = SmallNumber(Group(g, 3)).value_or(0);
      const std::optional<int> year = SmallNumber(Group(g, 5));
      if (a > 12 && b <= 12) return IsoDate(year, b, a);  // day first
      if (b > 12 && a <= 12) return IsoDate(year, a, b);  // month first
      if (a > 12 || b > 12) return "";
      if (a == b) return IsoDate(year, a, b);
      if (IsoDate(year, a, b).empty() || IsoDate(year, b, a).empty()) return "";
      return std::string(Group(g, 1)) + "/" + std::string(Group(g, 3)) + "/" +
             std::string(Group(g, 5));  // ambiguous: 04/03/2026
    }
    case Kind::kMonthDay:
      return IsoDate(g[3].data() ? SmallNumber(Group(g, 3)) : std::nullopt,
                     MonthNumber(Group(g, 1)), SmallNumber(Group(g, 2)).value_or(0));
    case Kind::kDayMonth:
    case Kind::kFrenchDate: {
      const std::string_view day = Group(g, 1);
      const int day_number = AsciiLower(day) == "1er" ? 1 : SmallNumber(day).value_or(0);
      return IsoDate(g[3].data() ? SmallNumber(Group(g, 3)) : std::nullopt,
                     MonthNumber(Group(g, 2)), day_number);
    }
    case Kind::kNanpPhone: {
      std::string digits = DigitsOf(whole);
      if (digits.size() == 10 || (digits.size() == 11 && digits[0] == '1')) return digits;
      return "";
    }
    case Kind::kFrenchPhone:
      return DigitsOf(whole);
    case Kind::kMoney:
      return MoneyValue(g[1].data() ? Group(g, 1) : Group(g, 2));
    case Kind::kLetterFileNumber:
      return AsciiUpper(Group(g, 1)) + std::string(Group(g, 2));
    case Kind::kDigitFileNumber:
      return std::string(whole);
    case Kind::kCount:
      break;
  }
  return "";
}

}  // namespace

// Compiled on first need (see Extract): compiling costs ~1 ms natively but tens
// of milliseconds the first time a browser runs it, on the way to the first answer.
struct EntityExtractor::Patterns {
  std::once_flag compiled;
  // Null where a pattern did not compile, which the tests rule out.
  std::array<std::unique_ptr<const re2::RE2>, static_cast<size_t>(Kind::kCount)> regexes;

  void Compile() {
    re2::RE2::Options options;
    options.set_max_mem(kPatternMaxMem);
    options.set_log_errors(false);  // the engine never logs
    options.set_case_sensitive(false);
    for (std::size_t i = 0; i < kPatterns.size(); ++i) {
      auto regex = std::make_unique<const re2::RE2>(kPatterns[i], options);
      if (regex->ok() && regex->NumberOfCapturingGroups() < kMaxGroups) {
        regexes[i] = std::move(regex);
      }
    }
  }
};

EntityExtractor::EntityExtractor() : patterns_(std::make_unique<Patterns>()) {}
EntityExtractor::EntityExtractor(EntityExtractor&&) noexcept = default;
EntityExtractor& EntityExtractor::operator=(EntityExtractor&&) noexcept = default;
EntityExtractor::~EntityExtractor() = default;

std::vector<Entity> EntityExtractor::Extract(std::string_view text) const {
  std::vector<Entity> entities;
  if (patterns_ == nullptr) return entities;  // moved-from
  const std::string_view input = TruncateUtf8(text, kMaxEntityInputBytes);
  if (std::none_of(input.begin(), input.end(), [](char c) { return IsDigit(c) || c == '@'; })) {
    return entities;  // every pattern needs one (see kPatterns)
  }
  std::call_once(patterns_->compiled, [this] { patterns_->Compile(); });
  const re2::StringPiece piece(input.data(), input.size());

  std::vector<Candidate> candidates;
  for (std::size_t k = 0; k < patterns_->regexes.size(); ++k) {
    if (patterns_->regexes[k] == nullptr) continue;
    const re2::RE2& regex = *patterns_->regexes[k];
    const Kind kind = static_cast<Kind>(k);
    re2::StringPiece groups[kMaxGroups];
    const int group_count = 1 + regex.NumberOfCapturingGroups();
    std::size_t pos = 0;
    while (pos < input.size() &&
           regex.Match(piece, pos, input.size(), re2::RE2::UNANCHORED, groups, group_count)) {
      const std::size_t begin = static_cast<std::size_t>(groups[0].data() - input.data());
      const std::size_t end = begin + groups[0].size();
      pos = end > begin ? end : begin + 1;
      std::string value =
          Normalise(kind, std::string_view(groups[0].data(), groups[0].size()), groups);
      if (!value.empty()) candidates.push_back({kind, begin, end, std::move(value)});
    }
  }

  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    return Rank(a.kind) < Rank(b.kind);
  });
  std::size_t covered_until = 0;
  for (Candidate& c : candidates) {
    if (c.begin < covered_until) continue;
    if (entities.size() == kMaxEntitiesPerMessage) break;
    entities.push_back({TypeName(c.kind), std::move(c.value), c.begin, c.end});
    covered_until = c.end;
  }
  return entities;
}

}  // namespace relais::engine
