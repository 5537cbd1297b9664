#include "relais/kb/confusion.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>

#include "text_util.h"

namespace relais::kb {
namespace {

// Words that say nothing about which entry a question is about.
const std::set<std::string_view>& StopWords() {
  static const std::set<std::string_view> kWords = {
      // English
      "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "by", "can", "could", "do",
      "does", "for", "from", "get", "have", "how", "i", "if", "im", "in", "is", "it", "me", "my",
      "need", "of", "on", "or", "please", "should", "so", "the", "there", "this", "to", "what",
      "when", "where", "which", "who", "why", "will", "with", "would", "you", "your",
      // French
      "au", "aux", "avec", "c", "ce", "ces", "comment", "d", "dans", "de", "des", "dois", "du",
      "elle", "en", "est", "et", "faire", "il", "j", "je", "l", "la", "le", "les", "ma", "me",
      "mes", "mon", "ne", "nous", "on", "ou", "par", "pas", "peut", "peux", "pour", "qu", "quand",
      "que", "quel", "quelle", "qui", "quoi", "s", "sa", "se", "son", "sur", "t", "ton", "tu", "un",
      "une", "vous", "votre", "vos", "y"};
  return kWords;
}

// Folded content words, with a final plural 's' or 'x' removed.
std::vector<std::string> ContentWords(std::string_view text) {
  std::vector<std::string> words;
  const std::string normalized = internal::NormalizeForComparison(text);
  std::size_t start = 0;
  while (start < normalized.size()) {
    std::size_t end = normalized.find(' ', start);
    if (end == std::string::npos) end = normalized.size();
    std::string word = normalized.substr(start, end - start);
    start = end + 1;
    if (StopWords().count(word) > 0) continue;
    if (word.size() > 3 && (word.back() == 's' || word.back() == 'x')) word.pop_back();
    words.push_back(std::move(word));
  }
  return words;
}

// A sparse, L2-normalised TF-IDF vector: (word id, weight), sorted by word id.
using SparseVector = std::vector<std::pair<int, double>>;

}  // namespace

std::vector<LabeledQuestion> CollectQuestions(const KnowledgeBaseSource& kb) {
  std::vector<LabeledQuestion> questions;
  const Languages languages = kb.languages();
  for (const Entry& entry : kb.entries) {
    const std::string& id = entry.header.id.text;
    if (!internal::IsValidId(id)) continue;
    for (const std::string& language : languages.codes) {
      for (const Located& question : entry.section(language).questions) {
        questions.push_back({id, language, question.text, entry.file, question.line});
      }
    }
  }
  return questions;
}

std::vector<HeldOutPrediction> LexicalCrossValidate(const std::vector<LabeledQuestion>& questions,
                                                    double min_similarity) {
  std::vector<HeldOutPrediction> predictions(questions.size());
  std::set<std::string> languages;
  for (const LabeledQuestion& question : questions) languages.insert(question.language);
  for (const std::string& language : languages) {
    // Vectorise the questions of this language.
    std::vector<std::size_t> members;
    std::map<std::string, int> vocabulary;
    std::vector<std::vector<int>> words;
    for (std::size_t i = 0; i < questions.size(); ++i) {
      if (questions[i].language != language) continue;
      members.push_back(i);
      std::vector<int> ids;
      for (const std::string& word : ContentWords(questions[i].text)) {
        ids.push_back(vocabulary.emplace(word, static_cast<int>(vocabulary.size())).first->second);
      }
      words.push_back(std::move(ids));
    }
    std::vector<int> document_frequency(vocabulary.size(), 0);
    for (const std::vector<int>& ids : words) {
      for (int id : std::set<int>(ids.begin(), ids.end())) ++document_frequency[id];
    }
    const double n = static_cast<double>(members.size());
    std::vector<SparseVector> vectors;
    std::vector<std::vector<std::pair<std::size_t, double>>> postings(vocabulary.size());
    for (std::size_t m = 0; m < members.size(); ++m) {
      std::map<int, double> weights;
      for (int id : words[m]) weights[id] += 1.0;
      double norm = 0;
      for (auto& [id, weight] : weights) {
        weight *= std::log((n + 1) / (document_frequency[id] + 1)) + 1;
        norm += weight * weight;
      }
      norm = std::sqrt(norm);
      SparseVector vector;
      for (const auto& [id, weight] : weights) {
        vector.emplace_back(id, weight / norm);
        postings[id].emplace_back(m, weight / norm);
      }
      vectors.push_back(std::move(vector));
    }
    // Leave one out: the nearest other question gives the prediction.
    std::vector<double> scores(members.size());
    for (std::size_t m = 0; m < members.size(); ++m) {
      std::fill(scores.begin(), scores.end(), 0.0);
      for (const auto& [id, own_weight] : vectors[m]) {
        for (const auto& [other, weight] : postings[id]) scores[other] += own_weight * weight;
      }
      std::size_t best = members.size();
      for (std::size_t other = 0; other < members.size(); ++other) {
        if (other == m || scores[other] < min_similarity) continue;
        if (best == members.size() || scores[other] > scores[best]) best = other;
      }
      if (best == members.size()) continue;
      const LabeledQuestion& neighbour = questions[members[best]];
      predictions[members[m]] = {neighbour.entry_id, neighbour.text};
    }
  }
  return predictions;
}

std::size_t EntryConsistency::Examples(std::string_view language) const {
  const auto it = examples.find(language);
  return it == examples.end() ? 0 : it->second;
}

double EntryConsistency::Accuracy(std::string_view language) const {
  const std::size_t total = Examples(language);
  if (total == 0) return 1.0;
  const auto it = correct.find(language);
  return static_cast<double>(it == correct.end() ? 0 : it->second) / static_cast<double>(total);
}

std::vector<EntryConsistency> AnalyseConsistency(
    const std::vector<LabeledQuestion>& questions,
    const std::vector<HeldOutPrediction>& predictions) {
  std::map<std::string, EntryConsistency> by_id;
  for (std::size_t i = 0; i < questions.size() && i < predictions.size(); ++i) {
    const LabeledQuestion& question = questions[i];
    EntryConsistency& entry = by_id[question.entry_id];
    entry.entry_id = question.entry_id;
    const std::string& language = question.language;
    ++entry.examples[language];
    const std::string& predicted = predictions[i].entry_id;
    if (predicted == question.entry_id) {
      ++entry.correct[language];
      continue;
    }
    if (predicted.empty()) continue;
    auto neighbour =
        std::find_if(entry.confused_with.begin(), entry.confused_with.end(),
                     [&](const EntryConsistency::Neighbour& n) {
                       return n.entry_id == predicted && n.language == question.language;
                     });
    if (neighbour == entry.confused_with.end()) {
      entry.confused_with.push_back({predicted, question.language, {}});
      neighbour = entry.confused_with.end() - 1;
    }
    neighbour->questions.push_back(i);
  }
  std::vector<EntryConsistency> result;
  for (auto& [id, entry] : by_id) {
    std::stable_sort(
        entry.confused_with.begin(), entry.confused_with.end(),
        [](const EntryConsistency::Neighbour& a, const EntryConsistency::Neighbour& b) {
          if (a.questions.size() != b.questions.size()) {
            return a.questions.size() > b.questions.size();
          }
          return a.entry_id != b.entry_id ? a.entry_id < b.entry_id : a.language < b.language;
        });
    result.push_back(std::move(entry));
  }
  return result;
}

}  // namespace relais::kb
