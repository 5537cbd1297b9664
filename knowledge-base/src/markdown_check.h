// Safety and subset checks on answer Markdown (internal to the validator).
#ifndef RELAIS_KB_SRC_MARKDOWN_CHECK_H_
#define RELAIS_KB_SRC_MARKDOWN_CHECK_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "relais/kb/diagnostics.h"
#include "relais/kb/source.h"

namespace relais::kb::internal {

// Reports, line by line, what the widget must never render: raw HTML tags
// (rule unsafe-html), link targets other than https:, mailto:, tel: and entry:
// (unsafe-link, an allowlist so that `javascript:`, `data:`, `http:` and
// obfuscated variants are all refused), bare http:// or javascript: text,
// images and reference-style links (unsupported-markdown), and `entry:` links
// whose id `entry_exists` rejects (unknown-link).
void CheckAnswerMarkdown(const std::vector<Located>& lines, const std::string& file,
                         const std::function<bool(std::string_view)>& entry_exists,
                         Diagnostics* diagnostics);

}  // namespace relais::kb::internal

#endif  // RELAIS_KB_SRC_MARKDOWN_CHECK_H_
