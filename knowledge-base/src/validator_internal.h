// The validator's per-file checks, shared by validator.cc and validate_cross.cc
// (internal).
#ifndef RELAIS_KB_SRC_VALIDATOR_INTERNAL_H_
#define RELAIS_KB_SRC_VALIDATOR_INTERNAL_H_

#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "relais/kb/diagnostics.h"
#include "relais/kb/source.h"
#include "relais/kb/validator.h"

namespace relais::kb::internal {

// What every check may need to know about the whole knowledge base.
struct Context {
  const ValidateOptions* options = nullptr;
  const Languages* languages = nullptr;  // of service.md
  std::set<std::string> ids;             // the valid ids of all entries
  int max_review_age_days = 365;
};

// Header fields and language sections of one entry.
void CheckEntry(const Entry& entry, const Context& context, Diagnostics* diagnostics);
// The entry's sections against the service's languages (then CheckSection on each).
void CheckLanguages(const Entry& entry, const Context& context, Diagnostics* diagnostics);
// Title, example count, answer, patterns, Markdown and contacts of one section.
void CheckSection(const Entry& entry, std::string_view language, const Context& context,
                  Diagnostics* diagnostics);
// "Other ways to get help" items: known kind, plausible value.
void CheckContacts(const std::vector<Contact>& contacts, const std::string& file,
                   Diagnostics* diagnostics);
// A header field with a fixed set of values (the first is the default); absent is fine.
void CheckChoice(const Located& field, std::span<const std::string_view> choices,
                 const std::string& rule, std::string_view name, const std::string& file,
                 Diagnostics* diagnostics);
// "en, fr, es", for messages.
std::string ListCodes(const std::vector<std::string>& codes);

}  // namespace relais::kb::internal

#endif  // RELAIS_KB_SRC_VALIDATOR_INTERNAL_H_
