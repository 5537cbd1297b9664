// AnalyzeQuestion (analyzed_question.h): one FoldText, one split into the signals'
// words, one into the classifier's tokens.
#include "text/analyzed_question.h"

#include <string>
#include <vector>

#include "relais/engine/text_fold.h"
#include "relais/engine/utf8.h"

namespace relais::engine {

AnalyzedQuestion AnalyzeQuestion(std::string_view text, TextLanguage page_language,
                                 std::span<const TextLanguage> candidates) {
  AnalyzedQuestion question;
  question.text = TruncateUtf8(text, kMaxAnalyzedQuestionBytes);
  const std::string folded = FoldText(question.text);
  const std::vector<std::string_view> folded_words = signal_words::SplitWords(folded);
  question.language = DetectLanguageOfWords(question.text, folded_words, page_language, candidates);
  question.message = signal_words::PrepareFoldedMessage(folded, folded_words);
  question.words =
      AnalyzeFoldedText(folded, question.language.language, text.size() > kMaxNormalizeInputBytes);
  return question;
}

}  // namespace relais::engine
