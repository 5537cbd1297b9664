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
  const std::vector<std::string> languages = kb.languages().codes;
  std::map<std::string, std::size_t, std::less<>> total;
  std::map<std::string, std::size_t, std::less<>> correct;
  for (const auto& [id, c] : by_id) {
    for (const std::string& language : languages) {
      total[language] += c.Examples(language);
      if (const auto it = c.correct.find(language); it != c.correct.end()) {
        correct[language] += it->second;
      }
    }
  }
  auto overall = [&](const std::string& language) {
    return total[language] == 0
               ? 1.0
               : static_cast<double>(correct[language]) / static_cast<double>(total[language]);
  };
  // {"en": f("en"), "fr": f("fr"), ...} over the knowledge base's languages.
  const auto per_language = [&](auto f) {
    nlohmann::json object = nlohmann::json::object();
    for (const std::string& language : languages) object[language] = f(language);
    return object;
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
                              {"language", n.language},
                              {"count", n.questions.size()},
                              {"questions", texts}});
      }
      entries.push_back(
          {{"id", id},
           {"examples", per_language([&](const std::string& l) { return c.Examples(l); })},
           {"self_consistency", per_language([&](const std::string& l) -> nlohmann::json {
              // Nothing to measure without examples (a partial language).
              if (c.Examples(l) == 0) return nullptr;
              return c.Accuracy(l);
            })},
           {"confused_with", neighbours}});
    }
    document["entries"] = entries;
    document["overall"] = {
        {"examples", per_language([&](const std::string& l) { return total[l]; })},
        {"self_consistency", per_language(overall)}};
    return document.dump(2) + "\n";
  }

  std::size_t width = 5;
  for (const auto& [id, c] : by_id) width = std::max(width, id.size());
  std::string out =
      "Self-consistency: share of an entry's examples still recognised when held "
      "out of training (" +
      std::string(method) + ")\n\n";
  out += Pad("entry", width);
  for (const std::string& language : languages) out += "   " + Pad(language, 2);
  for (std::size_t i = 0; i < languages.size(); ++i) {
    out += (i == 0 ? "   self " : "  self ") + languages[i];
  }
  out += "  most confused with\n";
  for (const auto& [id, c] : by_id) {
    out += Pad(id, width);
    for (const std::string& language : languages) {
      char count[16];
      std::snprintf(count, sizeof count, " %4zu", c.Examples(language));
      out += count;
    }
    for (const std::string& language : languages) {
      out += "   " +
             (c.Examples(language) == 0 ? std::string("     -") : Percent(c.Accuracy(language)));
    }
    for (std::size_t i = 0; i < c.confused_with.size() && i < kMaxNeighbours; ++i) {
      const EntryConsistency::Neighbour& n = c.confused_with[i];
      out += (i == 0 ? "  " : ", ") + n.entry_id + " (" + n.language + " " +
             std::to_string(n.questions.size()) + ")";
    }
    out += "\n";
  }
  out += "\nOverall:";
  for (std::size_t i = 0; i < languages.size(); ++i) {
    out += std::string(i == 0 ? " " : ", ") + languages[i] + " " + Percent(overall(languages[i])) +
           " of " + std::to_string(total[languages[i]]) + (i == 0 ? " examples" : "");
  }
  out += "\n";
  return out;
}

}  // namespace relais::kb
