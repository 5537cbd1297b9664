// Internal: command-line parsing and the `user` subcommands of relais-server.
#ifndef RELAIS_SERVER_SRC_CLI_H_
#define RELAIS_SERVER_SRC_CLI_H_

#include <string>
#include <vector>

#include "relais/server/config.h"
#include "relais/server/status.h"

namespace relais::server::cli {

// Options of the serve command (flags override the --config file).
struct ServeOptions {
  std::string config_file;
  std::string listen;
  std::string data_dir;
  std::string web_dir;
  std::string kb_file;
  std::string user;  // --user: run_as
  bool demo = false;
  bool help = false;
};

// Parses serve flags; kInvalidArgument names the bad flag.
Result<ServeOptions> ParseServe(const std::vector<std::string>& args);

// Builds the effective configuration: demo or file, then flags, then defaults
// (web_dir = default_web_dir, demo data dir = default_demo_dir), then validation.
Result<Config> BuildConfig(const ServeOptions& options, const std::string& default_web_dir,
                           const std::string& default_demo_dir);

// `relais-server user add|passwd|disable|list ...`; returns the exit code.
int RunUserCommand(const std::vector<std::string>& args);

// Creates agent@demo (or resets its password) and returns the new password.
Result<std::string> EnsureDemoAgent(const Config& config);

extern const char* const kUsage;

}  // namespace relais::server::cli

#endif  // RELAIS_SERVER_SRC_CLI_H_
