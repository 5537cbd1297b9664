// LoadKnowledgeBase: walks a knowledge-base directory and parses every file.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "relais/kb/parser.h"
#include "sha256.h"

namespace relais::kb {
namespace {

namespace fs = std::filesystem;

enum class FileKind { kService, kEntry, kTests, kCalibration };

struct SourceFile {
  std::string relative;  // generic path relative to the directory: "entries/x/y.md"
  FileKind kind;
  std::string language;  // for kTests
};

std::string JoinPath(const std::string& directory, const std::string& relative) {
  if (directory.empty() || directory == ".") return relative;
  if (directory.back() == '/') return directory + relative;
  return directory + "/" + relative;
}

bool IsHidden(const fs::path& path) { return path.filename().string().starts_with("."); }

// Reads the file into `*content`. Reports and returns false when it cannot be
// read or is over budget (without reading it).
bool ReadSourceFile(const fs::path& path, const std::string& display, const Budgets& budgets,
                    std::string* content, Diagnostics* diagnostics) {
  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  if (error) {
    diagnostics->Error(display, 0, "file-unreadable", "cannot read the file: " + error.message(),
                       "check that the file exists and is readable");
    return false;
  }
  if (size > budgets.max_file_bytes) {
    diagnostics->Error(display, 0, "file-too-large",
                       "the file has " + std::to_string(size) + " bytes, more than the " +
                           std::to_string(budgets.max_file_bytes) + " allowed",
                       "split it into smaller files");
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  content->assign(static_cast<std::size_t>(size), '\0');
  in.read(content->data(), static_cast<std::streamsize>(size));
  if (!in || in.gcount() != static_cast<std::streamsize>(size)) {
    diagnostics->Error(display, 0, "file-unreadable", "cannot read the file",
                       "check that the file exists and is readable");
    return false;
  }
  return true;
}

// Lists entries/<category>/<id>.md, reporting anything else found under entries/.
void ListEntryFiles(const fs::path& root, const std::string& directory,
                    std::vector<SourceFile>* files, Diagnostics* diagnostics) {
  std::error_code error;
  const fs::path entries = root / "entries";
  if (!fs::is_directory(entries, error)) {
    diagnostics->Error(JoinPath(directory, "entries"), 0, "entries-missing",
                       "the knowledge base has no entries/ folder",
                       "create entries/<category>/<id>.md files");
    return;
  }
  for (fs::directory_iterator it(entries, error), end; !error && it != end; it.increment(error)) {
    if (IsHidden(it->path())) continue;
    const std::string category = it->path().filename().string();
    if (!it->is_directory(error)) {
      diagnostics->Error(JoinPath(directory, "entries/" + category), 0, "misplaced-file",
                         "this file is not inside a category folder and is ignored",
                         "move it to entries/<category>/");
      continue;
    }
    std::error_code inner;
    for (fs::directory_iterator file(it->path(), inner), file_end; !inner && file != file_end;
         file.increment(inner)) {
      if (IsHidden(file->path())) continue;
      const std::string relative = "entries/" + category + "/" + file->path().filename().string();
      if (file->is_directory(inner) || file->path().extension() != ".md") {
        diagnostics->Error(JoinPath(directory, relative), 0, "misplaced-file",
                           "only <id>.md entry files belong in a category folder; this is ignored",
                           "move it out of entries/, or name it <id>.md");
        continue;
      }
      files->push_back({relative, FileKind::kEntry});
    }
  }
}

}  // namespace

KnowledgeBaseSource LoadKnowledgeBase(const std::string& directory, Diagnostics* diagnostics,
                                      const Budgets& budgets) {
  KnowledgeBaseSource kb;
  kb.root = directory;
  const fs::path root(directory);
  std::error_code error;
  if (!fs::is_directory(root, error)) {
    diagnostics->Error(directory, 0, "kb-missing", "this is not a folder",
                       "give the knowledge-base folder (the one holding service.md and entries/)");
    return kb;
  }
  std::vector<SourceFile> files;
  if (fs::exists(root / "service.md", error)) {
    files.push_back({"service.md", FileKind::kService});
  } else {
    diagnostics->Error(JoinPath(directory, "service.md"), 0, "service-missing",
                       "the knowledge base has no service.md",
                       "create service.md with the service's id, names and other ways to get help");
  }
  ListEntryFiles(root, directory, &files, diagnostics);
  // service.md first: it names the languages, hence the test files.
  std::optional<std::string> service_content;
  if (!files.empty() && files.front().kind == FileKind::kService) {
    const std::string display = JoinPath(directory, "service.md");
    if (std::string content;
        ReadSourceFile(root / "service.md", display, budgets, &content, diagnostics)) {
      kb.service = ParseService(content, display, diagnostics, budgets);
      service_content = std::move(content);
    }
  }
  const Languages languages = kb.languages();
  for (const std::string& language : languages.codes) {
    const std::string relative = "tests/" + language + ".txt";
    if (fs::exists(root / relative, error)) {
      files.push_back({relative, FileKind::kTests, language});
    } else {
      diagnostics->Warning(JoinPath(directory, relative), 0, "tests-missing",
                           "there are no " + LanguageName(language) + " regression questions",
                           "create the file with lines 'question -> entry-id'");
    }
  }
  if (fs::exists(root / "calibration.txt", error)) {
    files.push_back({"calibration.txt", FileKind::kCalibration});
  }
  std::sort(files.begin(), files.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.relative < b.relative; });

  internal::Sha256 hash;
  std::size_t entry_count = 0;
  for (const SourceFile& file : files) {
    const std::string display = JoinPath(directory, file.relative);
    if (file.kind == FileKind::kEntry && ++entry_count > budgets.max_entries) {
      if (entry_count == budgets.max_entries + 1) {
        diagnostics->Error(display, 0, "too-many-entries",
                           "more than " + std::to_string(budgets.max_entries) +
                               " entries; this one and the rest are ignored",
                           "split the knowledge base by service");
      }
      continue;
    }
    std::string content;
    if (file.kind == FileKind::kService) {
      if (!service_content) continue;  // unreadable: reported above
      content = std::move(*service_content);
    } else if (!ReadSourceFile(root / file.relative, display, budgets, &content, diagnostics)) {
      continue;
    }
    hash.Update(file.relative);
    hash.Update(std::string_view("\0", 1));
    hash.Update(std::to_string(content.size()));
    hash.Update(std::string_view("\0", 1));
    hash.Update(content);
    switch (file.kind) {
      case FileKind::kService:
        break;  // parsed above
      case FileKind::kEntry:
        kb.entries.push_back(ParseEntry(content, display, diagnostics, budgets));
        break;
      case FileKind::kTests: {
        std::vector<RegressionCase> cases =
            ParseRegressionFile(content, display, file.language, diagnostics, budgets);
        kb.tests.insert(kb.tests.end(), cases.begin(), cases.end());
        break;
      }
      case FileKind::kCalibration:
        kb.calibration_file = display;
        kb.calibration = ParseCalibrationFile(content, display, diagnostics, budgets);
        break;
    }
  }
  kb.content_hash = hash.HexDigest();
  return kb;
}

}  // namespace relais::kb
