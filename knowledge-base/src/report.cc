#include "relais/kb/report.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

namespace relais::kb {
namespace {

constexpr std::size_t kMaxNeighbours = 3;

std::string Percent(double fraction) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%5.1f%%", 100.0 * fraction);
  return buffer;
}

std::string Pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

}  // namespace

std::string FormatEntryReport(const KnowledgeBaseSource& kb,
                              const std::vector<LabeledQuestion>& questions,
                              const std::vector<HeldOutPrediction>& predictions,
                              std::string_view method, bool json) {
  std::map<std::string, EntryConsistency> by_id;
  for (EntryConsistency& c : AnalyseConsistency(questions, predictions)) {
    by_id.emplace(c.entry_id, std::move(c));
  }
  for (const Entry& entry : kb.entries) {
    EntryConsistency& c = by_id[entry.header.id.text];
    c.entry_id = entry.header.id.text;
  }
  std::array<std::size_t, 2> total = {0, 0};
  std::array<std::size_t, 2> correct = {0, 0};
  for (const auto& [id, c] : by_id) {
    for (int l = 0; l < 2; ++l) {
      total[l] += c.examples[l];
      correct[l] += c.correct[l];
    }
  }
  auto overall = [&](Language language) {
    const int l = static_cast<int>(language);
    return total[l] == 0 ? 1.0 : static_cast<double>(correct[l]) / static_cast<double>(total[l]);
  };

  if (json) {
    nlohmann::json document = {{"method", std::string(method)}};
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& [id, c] : by_id) {
      nlohmann::json neighbours = nlohmann::json::array();
      for (std::size_t i = 0; i < c.confused_with.size() && i < kMaxNeighbours; ++i) {
        const EntryConsistency::Neighbour& n = c.confused_with[i];
        nlohmann::json texts = nlohmann::json::array();
        for (std::size_t q : n.questions) texts.push_back(questions[q].text);
        neighbours.push_back({{"entry", n.entry_id},
                              {"language", std::string(LanguageCode(n.language))},
                              {"count", n.questions.size()},
                              {"questions", texts}});
      }
      entries.push_back({{"id", id},
                         {"examples", {{"en", c.examples[0]}, {"fr", c.examples[1]}}},
                         {"self_consistency",
                          {{"en", c.Accuracy(Language::kEn)}, {"fr", c.Accuracy(Language::kFr)}}},
                         {"confused_with", neighbours}});
    }
    document["entries"] = entries;
    document["overall"] = {
        {"examples", {{"en", total[0]}, {"fr", total[1]}}},
        {"self_consistency", {{"en", overall(Language::kEn)}, {"fr", overall(Language::kFr)}}}};
    return document.dump(2) + "\n";
  }

  std::size_t width = 5;
  for (const auto& [id, c] : by_id) width = std::max(width, id.size());
  std::string out =
      "Self-consistency: share of an entry's examples still recognised when held "
      "out of training (" +
      std::string(method) + ")\n\n";
  out += Pad("entry", width) + "   en   fr   self en  self fr  most confused with\n";
  for (const auto& [id, c] : by_id) {
    char counts[32];
    std::snprintf(counts, sizeof counts, " %4zu %4zu", c.examples[0], c.examples[1]);
    out += Pad(id, width) + counts + "   " + Percent(c.Accuracy(Language::kEn)) + "   " +
           Percent(c.Accuracy(Language::kFr));
    for (std::size_t i = 0; i < c.confused_with.size() && i < kMaxNeighbours; ++i) {
      const EntryConsistency::Neighbour& n = c.confused_with[i];
      out += (i == 0 ? "  " : ", ") + n.entry_id + " (" + std::string(LanguageCode(n.language)) +
             " " + std::to_string(n.questions.size()) + ")";
    }
    out += "\n";
  }
  out += "\nOverall: en " + Percent(overall(Language::kEn)) + " of " + std::to_string(total[0]) +
         " examples, fr " + Percent(overall(Language::kFr)) + " of " + std::to_string(total[1]) +
         "\n";
  return out;
}

}  // namespace relais::kb
