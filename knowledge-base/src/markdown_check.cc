#include "markdown_check.h"

#include <cctype>

#include "text_util.h"

namespace relais::kb::internal {
namespace {

constexpr std::string_view kLinkFix =
    "links must start with https://, mailto:, tel: or entry: (a link to another entry)";

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Reports each `<tag`, `</tag`, `<!...` or `<?...` of the line.
void CheckHtml(const Located& line, const std::string& file, Diagnostics* diagnostics) {
  const std::string_view text = line.text;
  for (std::size_t pos = text.find('<'); pos != std::string_view::npos;
       pos = text.find('<', pos + 1)) {
    if (pos + 1 >= text.size()) break;
    const char next = text[pos + 1];
    if (!IsAsciiAlpha(next) && next != '/' && next != '!' && next != '?') continue;
    std::size_t end = text.find('>', pos);
    const std::string_view tag =
        text.substr(pos, end == std::string_view::npos ? 20 : end - pos + 1);
    diagnostics->Error(file, line.line, "unsafe-html",
                       "raw HTML " + Quote(tag) + " is not allowed in answers",
                       "use Markdown instead: **bold**, *italic*, lists and [text](https://...) "
                       "links; to show a '<' sign, follow it with a space");
    return;  // one report per line is enough to find it
  }
}

// Checks one link target; `image` when written as ![alt](target).
void CheckLinkTarget(std::string_view target, bool image, const Located& line,
                     const std::string& file,
                     const std::function<bool(std::string_view)>& entry_exists,
                     Diagnostics* diagnostics) {
  if (image) {
    diagnostics->Error(file, line.line, "unsupported-markdown",
                       "images (" + Quote(target) + ") are not supported in answers",
                       "link to the page that shows it with [text](https://...)");
    return;
  }
  const std::string lower = AsciiLower(target);
  if (lower.starts_with("entry:")) {
    const std::string_view id = target.substr(6);
    if (!entry_exists(id)) {
      diagnostics->Error(file, line.line, "unknown-link",
                         "the link " + Quote(target) + " points to no entry",
                         "use the id of an existing entry (its file name without .md)");
    }
    return;
  }
  if ((lower.starts_with("https://") && lower.size() > 8) || lower.starts_with("mailto:") ||
      lower.starts_with("tel:")) {
    return;
  }
  if (lower.starts_with("http://")) {
    diagnostics->Error(file, line.line, "unsafe-link",
                       "the link " + Quote(target) + " is not secure (http:)",
                       "use the https:// address of the page");
    return;
  }
  diagnostics->Error(file, line.line, "unsafe-link",
                     "the link target " + Quote(target) + " is not allowed", std::string(kLinkFix));
}

// Finds `[text](target)` and `![alt](target)` on the line; returns the byte
// ranges of the targets so that the bare-text check can skip them.
std::vector<std::pair<std::size_t, std::size_t>> CheckLinks(
    const Located& line, const std::string& file,
    const std::function<bool(std::string_view)>& entry_exists, Diagnostics* diagnostics) {
  std::vector<std::pair<std::size_t, std::size_t>> targets;
  const std::string_view text = line.text;
  for (std::size_t pos = text.find("]("); pos != std::string_view::npos;
       pos = text.find("](", pos + 2)) {
    const std::size_t open = text.rfind('[', pos);
    const bool image = open != std::string_view::npos && open > 0 && text[open - 1] == '!';
    std::size_t begin = pos + 2;
    while (begin < text.size() && text[begin] == ' ') ++begin;
    // The target ends at the first space or at the ')' that balances the '('
    // (CommonMark allows balanced parentheses inside a destination).
    std::size_t end = begin;
    for (int depth = 0; end < text.size() && text[end] != ' ' && text[end] != '\t'; ++end) {
      if (text[end] == '(') ++depth;
      if (text[end] == ')' && depth-- == 0) break;
    }
    targets.emplace_back(begin, end);
    CheckLinkTarget(text.substr(begin, end - begin), image, line, file, entry_exists, diagnostics);
  }
  return targets;
}

// Reports `http://` and `javascript:` written as plain text (some Markdown
// renderers turn them into links).
void CheckBareUrls(const Located& line,
                   const std::vector<std::pair<std::size_t, std::size_t>>& targets,
                   const std::string& file, Diagnostics* diagnostics) {
  const std::string lower = AsciiLower(line.text);
  for (std::string_view scheme : {"http://", "javascript:"}) {
    for (std::size_t pos = lower.find(scheme); pos != std::string::npos;
         pos = lower.find(scheme, pos + 1)) {
      bool inside_target = false;
      for (const auto& [begin, end] : targets) inside_target |= pos >= begin && pos < end;
      if (inside_target) continue;
      diagnostics->Error(file, line.line, "unsafe-link",
                         "the address " + Quote(line.text.substr(pos, 40)) + " is not allowed",
                         scheme == "http://"
                             ? "use an https:// address in a [text](https://...) link"
                             : std::string(kLinkFix));
      return;
    }
  }
}

bool IsReferenceDefinition(std::string_view text) {
  text = Trim(text);
  if (!text.starts_with("[")) return false;
  const std::size_t close = text.find("]:");
  return close != std::string_view::npos && close > 1;
}

}  // namespace

void CheckAnswerMarkdown(const std::vector<Located>& lines, const std::string& file,
                         const std::function<bool(std::string_view)>& entry_exists,
                         Diagnostics* diagnostics) {
  for (const Located& line : lines) {
    CheckHtml(line, file, diagnostics);
    if (IsReferenceDefinition(line.text)) {
      diagnostics->Error(file, line.line, "unsupported-markdown",
                         "reference-style link definitions are not supported",
                         "write the link inline: [text](https://...)");
      continue;
    }
    const auto targets = CheckLinks(line, file, entry_exists, diagnostics);
    CheckBareUrls(line, targets, file, diagnostics);
  }
}

}  // namespace relais::kb::internal
