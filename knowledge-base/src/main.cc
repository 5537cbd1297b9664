// relais-kb: validates a knowledge base and compiles it into the bundle the
// engine loads. `relais-kb --help` for usage; knowledge-base/README.md for the
// source format, the rules and the bundle schema.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "ask_command.h"
#include "engine_predictor.h"
#include "relais/engine/knowledge_base.h"
#include "relais/kb/bundle_writer.h"
#include "relais/kb/parser.h"
#include "relais/kb/regression.h"
#include "relais/kb/report.h"
#include "relais/kb/training.h"
#include "relais/kb/validator.h"

namespace relais::kb {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;  // errors in the content, or tests under threshold
constexpr int kExitUsage = 2;

constexpr const char* kUsage = R"(Usage: relais-kb COMMAND SOURCE_DIR [OPTIONS]

Validates a Relais knowledge base and compiles it into the engine's bundle.

Commands:
  check SOURCE_DIR              validate only: every error and warning, one per line
  build SOURCE_DIR -o BUNDLE    validate, train the classifier, write the SQLite bundle
  test SOURCE_DIR               ask the engine the questions of tests/<language>.txt
  report SOURCE_DIR [--json]    per entry: example counts, self-consistency, confusions
  ask SOURCE_DIR|BUNDLE         the engine's decision for each JSON line of standard input,
                                {"query": "...", "context": {...}}, as one JSON line each

Options:
  -o, --output FILE       (build) the bundle to write (replaced atomically)
  --today YYYY-MM-DD      the date for the review-age warning (default: today, UTC)
  --min-pass-rate R       (test) per-language pass threshold, 0 to 1 (default 0.8)
  --lexical               cross-validate with the fast lexical check instead of the
                          engine's classifier (check and report)
  --json                  (report) write JSON
  -h, --help              show this help

Environment:
  SOURCE_DATE_EPOCH       (build) the build time stored in the bundle, in seconds since
                          1970 (reproducible builds); the current time when unset

Exit status: 0 success, 1 errors in the knowledge base or failed tests, 2 usage error.
Messages have the form `file:line: error: what — how to fix`.
)";

struct Arguments {
  std::string command;
  std::string source;
  std::string output;
  std::optional<CivilDate> today;
  double min_pass_rate = 0.8;
  bool lexical = false;
  bool json = false;
};

int UsageError(const std::string& message) {
  std::cerr << "relais-kb: " << message << "\nTry 'relais-kb --help'.\n";
  return kExitUsage;
}

// Parses argv; returns an exit code when the program should stop (help, error).
std::optional<int> ParseArguments(int argc, char** argv, Arguments* args) {
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    // The option's value: the next argument, consumed.
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    if (arg == "-h" || arg == "--help" || arg == "help") {
      std::cout << kUsage;
      return kExitOk;
    } else if (arg == "-o" || arg == "--output") {
      const auto v = value();
      if (!v) return UsageError(arg + " needs a file name");
      args->output = *v;
    } else if (arg == "--today") {
      const auto v = value();
      if (!v || !(args->today = ParseDate(*v)))
        return UsageError("--today needs a date YYYY-MM-DD");
    } else if (arg == "--min-pass-rate") {
      const auto v = value();
      char* end = nullptr;
      const double rate = v ? std::strtod(v->c_str(), &end) : -1;
      if (!v || end == v->c_str() || *end != '\0' || rate < 0 || rate > 1) {
        return UsageError("--min-pass-rate needs a number between 0 and 1");
      }
      args->min_pass_rate = rate;
    } else if (arg == "--lexical") {
      args->lexical = true;
    } else if (arg == "--json") {
      args->json = true;
    } else if (arg.starts_with("-") && arg.size() > 1) {
      return UsageError("unknown option '" + arg + "'");
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.empty()) return UsageError("missing command (check, build, test, report or ask)");
  args->command = positional[0];
  if (args->command != "check" && args->command != "build" && args->command != "test" &&
      args->command != "report" && args->command != "ask") {
    return UsageError("unknown command '" + args->command + "'");
  }
  if (positional.size() != 2) return UsageError(args->command + " needs exactly one SOURCE_DIR");
  args->source = positional[1];
  if (args->command == "build" && args->output.empty()) return UsageError("build needs -o BUNDLE");
  if (args->command != "build" && !args->output.empty()) return UsageError("-o is only for build");
  if (args->json && args->command != "report") return UsageError("--json is only for report");
  // build and test need the classifier's cross-validation anyway: it calibrates the model.
  if (args->lexical && args->command != "check" && args->command != "report") {
    return UsageError("--lexical is only for check and report");
  }
  return std::nullopt;
}

CivilDate TodayUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return {utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
}

// A loaded and validated knowledge base, with its cross-validation.
struct Checked {
  KnowledgeBaseSource kb;
  Diagnostics diagnostics;
  std::vector<LabeledQuestion> questions;
  CrossValidation cross_validation;
  std::string method;  // how held-out predictions were made
};

void LoadAndValidate(const Arguments& args, Checked* checked) {
  checked->kb = LoadKnowledgeBase(args.source, &checked->diagnostics);
  checked->questions = CollectQuestions(checked->kb);
  if (!args.lexical) {
    engine::Result<CrossValidation> cv = CrossValidateClassifier(
        checked->questions, checked->kb.calibration, CollectEntryTexts(checked->kb));
    if (cv.ok()) {
      checked->cross_validation = std::move(cv.value());
      checked->method = "engine classifier, 5-fold cross-validation";
    } else {
      std::cerr << "relais-kb: the classifier could not be cross-validated ("
                << cv.status().message() << "); using the lexical check\n";
    }
  }
  if (checked->method.empty()) {
    checked->cross_validation.predictions = LexicalCrossValidate(checked->questions);
    checked->method = "lexical nearest neighbour, leave-one-out";
  }
  ValidateOptions options;
  options.today = args.today ? args.today : TodayUtc();
  const std::vector<HeldOutPrediction>& predictions = checked->cross_validation.predictions;
  options.cross_validator = [&predictions](const std::vector<LabeledQuestion>& questions) {
    // The validator collects the same questions (CollectQuestions of the same kb).
    return questions.size() == predictions.size() ? predictions : LexicalCrossValidate(questions);
  };
  ValidateKnowledgeBase(checked->kb, options, &checked->diagnostics);
  std::cerr << checked->diagnostics.Format();
}

// Trains and builds the bundle bytes of a validated knowledge base.
engine::Result<std::string> Compile(const Checked& checked) {
  engine::Result<std::string> model = TrainClassifier(checked.questions, checked.cross_validation);
  if (!model.ok()) return model.status();
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  engine::Result<std::int64_t> build_time = ResolveBuildTime(std::getenv("SOURCE_DATE_EPOCH"), now);
  if (!build_time.ok()) return build_time.status();
  BundleOptions options;
  options.build_time = build_time.value();
  options.models.emplace_back(std::string(engine::kClassifierModelName), std::move(model.value()));
  return BuildBundle(checked.kb, options);
}

// `ask` with a bundle file: no compilation.
int AskBundleFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  const std::string bundle((std::istreambuf_iterator<char>(file)),
                           std::istreambuf_iterator<char>());
  if (!file) {
    std::cerr << "relais-kb: cannot read " << path << "\n";
    return kExitFailed;
  }
  if (engine::Status status = RunAsk(bundle, std::cin, std::cout); !status.ok()) {
    std::cerr << "relais-kb: " << status.message() << "\n";
    return kExitFailed;
  }
  return kExitOk;
}

int Run(const Arguments& args) {
  if (args.command == "ask" && !std::filesystem::is_directory(args.source)) {
    return AskBundleFile(args.source);
  }
  Checked checked;
  LoadAndValidate(args, &checked);
  const bool valid = !checked.diagnostics.has_errors();
  if (args.command == "check") {
    std::cout << checked.kb.entries.size() << " entries, " << checked.questions.size()
              << " example questions, " << checked.kb.tests.size()
              << " regression questions: " << (valid ? "ok" : "errors found") << "\n";
    return valid ? kExitOk : kExitFailed;
  }
  if (args.command == "report") {
    std::cout << FormatEntryReport(checked.kb, checked.questions,
                                   checked.cross_validation.predictions, checked.method, args.json);
    return kExitOk;
  }
  if (!valid) {
    std::cerr << "relais-kb: fix the errors above first\n";
    return kExitFailed;
  }
  engine::Result<std::string> bundle = Compile(checked);
  if (!bundle.ok()) {
    std::cerr << "relais-kb: " << bundle.status().message() << "\n";
    return kExitFailed;
  }
  if (args.command == "build") {
    if (engine::Status written = WriteFileAtomically(args.output, bundle.value()); !written.ok()) {
      std::cerr << "relais-kb: " << written.message() << "\n";
      return kExitFailed;
    }
    std::cout << "wrote " << args.output << ": " << bundle.value().size() << " bytes, "
              << checked.kb.entries.size() << " entries, " << checked.questions.size()
              << " example questions, content " << checked.kb.content_hash.substr(0, 12) << "\n";
    return kExitOk;
  }
  if (args.command == "ask") {
    if (engine::Status status = RunAsk(bundle.value(), std::cin, std::cout); !status.ok()) {
      std::cerr << "relais-kb: " << status.message() << "\n";
      return kExitFailed;
    }
    return kExitOk;
  }
  // test
  if (checked.kb.tests.empty()) {
    std::cerr << "relais-kb: no regression questions in tests/<language>.txt\n";
    return kExitFailed;
  }
  engine::Result<Predictor> predictor = MakeEnginePredictor(bundle.value());
  if (!predictor.ok()) {
    std::cerr << "relais-kb: " << predictor.status().message() << "\n";
    return kExitFailed;
  }
  RegressionOptions options;
  options.min_pass_rate = args.min_pass_rate;
  const RegressionReport report = RunRegression(checked.kb.tests, predictor.value(), options);
  std::cout << FormatRegressionReport(report, options);
  return report.ok ? kExitOk : kExitFailed;
}

}  // namespace
}  // namespace relais::kb

int main(int argc, char** argv) {
  relais::kb::Arguments args;
  if (const std::optional<int> exit = relais::kb::ParseArguments(argc, argv, &args)) return *exit;
  return relais::kb::Run(args);
}
