// relais-server entry point: `serve` (default) or `user ...`.
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"
#include "relais/server/auth.h"
#include "relais/server/privileges.h"
#include "relais/server/server.h"

#ifndef RELAIS_DEFAULT_WEB_DIR
#define RELAIS_DEFAULT_WEB_DIR "build/web"
#endif
#ifndef RELAIS_DEFAULT_DEMO_DIR
#define RELAIS_DEFAULT_DEMO_DIR "build/demo-data"
#endif

int main(int argc, char** argv) {
  using namespace relais::server;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "user") {
    return cli::RunUserCommand(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  auto options = cli::ParseServe(args);
  if (!options.ok()) {
    std::cerr << "relais-server: " << options.status().message() << "\n\n" << cli::kUsage;
    return 2;
  }
  if (options.value().help) {
    std::cout << cli::kUsage;
    return 0;
  }
  auto config = cli::BuildConfig(options.value(), RELAIS_DEFAULT_WEB_DIR, RELAIS_DEFAULT_DEMO_DIR);
  if (!config.ok()) {
    std::cerr << "relais-server: configuration error: " << config.status().message() << "\n";
    return 2;
  }
  // Before anything else touches the data or the network.
  if (Status s = DropRootPrivileges(config.value().run_as, {config.value().data_dir}); !s.ok()) {
    std::cerr << "relais-server: " << s.message() << "\n";
    return 1;
  }
  if (!InitCrypto()) return 1;
  std::string demo_password;
  if (config.value().demo) {
    auto password = cli::EnsureDemoAgent(config.value());
    if (!password.ok()) {
      std::cerr << "relais-server: " << password.status().message() << "\n";
      return 1;
    }
    demo_password = password.value();
    std::cout << "demo data in " << config.value().data_dir << "\n";
  }
  Status s = RunServer(config.value(), [&](uint16_t port) {
    const std::string base =
        "http://" + config.value().listen_host + ":" + std::to_string(port) + "/";
    std::cout << "relais-server listening on " << base << "\n";
    if (config.value().demo) {
      std::cout << "  demo page (English): " << base << "demo/\n"
                << "  demo page (French):  " << base << "demo/fr/\n"
                << "  demo page (Spanish, a partial language): " << base << "demo/es/\n"
                << "  agent console:       " << base << "console/"
                << "   sign in as agent@demo / " << demo_password << "\n";
    } else {
      std::cout << "  agent console: " << base << "console/\n";
    }
    std::cout << std::flush;
  });
  if (!s.ok()) {
    std::cerr << "relais-server: " << s.message() << "\n";
    return 1;
  }
  return 0;
}
