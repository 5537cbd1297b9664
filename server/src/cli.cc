// Command-line parsing and agent account management.
#include "cli.h"

#include <unistd.h>

#include <iostream>
#include <sstream>

#include "relais/server/auth.h"
#include "relais/server/privileges.h"
#include "relais/server/sqlite_repository.h"

namespace relais::server::cli {
namespace {

Status Bad(const std::string& message) {
  return Status::Error(StatusCode::kInvalidArgument, message);
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string ReadPassword() {
  std::string line;
  if (isatty(STDIN_FILENO)) std::cerr << "Password (8+ characters): " << std::flush;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

const char* const kUsage = R"(relais-server: live hand-off server for Relais.

  relais-server [--config FILE] [--listen HOST:PORT] [--data DIR] [--web DIR]
                [--kb FILE] [--user NAME] [--demo]
  relais-server user add     (--data DIR | --config FILE) EMAIL --name NAME
                             --queues q1,q2 [--languages fr,en] [--skills s1,s2]
  relais-server user passwd  (--data DIR | --config FILE) EMAIL
  relais-server user disable (--data DIR | --config FILE) EMAIL
  relais-server user enable  (--data DIR | --config FILE) EMAIL
  relais-server user list    (--data DIR | --config FILE)

Passwords are read from standard input (one line), never from the command line.
The server refuses to run as root unless told which account to switch to
(--user NAME, or "run_as" in the configuration); run as root, the user commands
act as the owner of the data directory.
See server/README.md for every configuration field.
)";

Result<ServeOptions> ParseServe(const std::vector<std::string>& args) {
  ServeOptions o;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) -> Status {
      if (i + 1 >= args.size()) return Bad(a + ": missing value");
      *out = args[++i];
      return Status::Ok();
    };
    Status s;
    if (a == "--config")
      s = value(&o.config_file);
    else if (a == "--listen")
      s = value(&o.listen);
    else if (a == "--data")
      s = value(&o.data_dir);
    else if (a == "--web")
      s = value(&o.web_dir);
    else if (a == "--kb")
      s = value(&o.kb_file);
    else if (a == "--user")
      s = value(&o.user);
    else if (a == "--demo")
      o.demo = true;
    else if (a == "--help" || a == "-h")
      o.help = true;
    else
      s = Bad("unknown argument " + a);
    if (!s.ok()) return s;
  }
  return o;
}

Result<Config> BuildConfig(const ServeOptions& o, const std::string& default_web_dir,
                           const std::string& default_demo_dir) {
  Config config;
  if (!o.config_file.empty()) {
    auto loaded = LoadConfigFile(o.config_file);
    if (!loaded.ok()) return loaded.status();
    config = std::move(loaded).value();
    config.demo = o.demo;
  } else if (o.demo) {
    config = DemoConfig();
  }
  if (!o.listen.empty()) {
    if (Status s = ParseListen(o.listen, &config.listen_host, &config.listen_port); !s.ok()) {
      return Bad("--listen: " + s.message());
    }
  }
  if (!o.data_dir.empty()) config.data_dir = o.data_dir;
  if (!o.web_dir.empty()) config.web_dir = o.web_dir;
  if (!o.kb_file.empty()) config.kb_file = o.kb_file;
  if (!o.user.empty()) config.run_as = o.user;
  if (config.web_dir.empty()) config.web_dir = default_web_dir;
  if (config.demo) {
    if (config.data_dir.empty()) config.data_dir = default_demo_dir;
    if (o.config_file.empty()) {
      std::string port = std::to_string(config.listen_port);
      config.allowed_origins = {"http://127.0.0.1:" + port, "http://localhost:" + port};
    }
  }
  if (Status s = ValidateConfig(config); !s.ok()) return s;
  return config;
}

Result<std::string> EnsureDemoAgent(const Config& config) {
  auto repo = OpenSqliteRepository(config.data_dir);
  if (!repo.ok()) return repo.status();
  std::string password = RandomToken(12);
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  auto existing = repo.value()->FindAgentByEmail("agent@demo");
  if (!existing.ok()) return existing.status();
  Agent a = existing.value() ? *existing.value() : Agent{};
  a.email = "agent@demo";
  a.display_name = "Agent Démo";
  a.password_hash = hash.value();
  a.languages = {"fr", "en", "es"};  // the demo's general queue serves Spanish too
  a.skills = {"passports", "complaints"};
  a.queues.clear();
  for (const auto& q : config.queues) a.queues.push_back(q.id);
  a.disabled = false;
  Status s =
      existing.value() ? repo.value()->UpdateAgent(a) : repo.value()->InsertAgent(a).status();
  if (!s.ok()) return s;
  return password;
}

int RunUserCommand(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  std::string command = args[0];
  std::string data_dir, config_file, email, name, queues, languages = "fr,en", skills;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    bool ok = true;
    if (a == "--data")
      ok = value(&data_dir);
    else if (a == "--config")
      ok = value(&config_file);
    else if (a == "--name")
      ok = value(&name);
    else if (a == "--queues")
      ok = value(&queues);
    else if (a == "--languages")
      ok = value(&languages);
    else if (a == "--skills")
      ok = value(&skills);
    else if (a.rfind("--", 0) == 0)
      ok = false;
    else if (email.empty())
      email = Lower(a);
    else
      ok = false;
    if (!ok) {
      std::cerr << "relais-server user: bad argument " << a << "\n" << kUsage;
      return 2;
    }
  }
  if (data_dir.empty() && !config_file.empty()) {
    auto c = LoadConfigFile(config_file);
    if (!c.ok()) {
      std::cerr << c.status().message() << "\n";
      return 2;
    }
    data_dir = c.value().data_dir;
  }
  if (data_dir.empty() || (command != "list" && email.empty())) {
    std::cerr << "relais-server user: --data DIR (or --config FILE) and EMAIL are required\n";
    return 2;
  }
  if (!InitCrypto()) return 1;
  if (Status s = ActAsOwnerOf(data_dir); !s.ok()) {
    std::cerr << "relais-server user: " << s.message() << "\n";
    return 1;
  }
  auto opened = OpenSqliteRepository(data_dir);
  if (!opened.ok()) {
    std::cerr << opened.status().message() << "\n";
    return 1;
  }
  Repository& repo = *opened.value();
  if (command == "list") {
    auto agents = repo.ListAgents();
    if (!agents.ok()) return 1;
    for (const Agent& a : agents.value()) {
      std::cout << a.email << "\t" << a.display_name << "\t" << (a.disabled ? "disabled" : "active")
                << "\n";
    }
    return 0;
  }
  auto existing = repo.FindAgentByEmail(email);
  if (!existing.ok()) {
    std::cerr << existing.status().message() << "\n";
    return 1;
  }
  if (command == "add") {
    if (existing.value()) {
      std::cerr << "an agent " << email << " already exists\n";
      return 1;
    }
    if (queues.empty() || email.find('@') == std::string::npos) {
      std::cerr << "user add: EMAIL and --queues are required\n";
      return 2;
    }
    Agent a;
    a.email = email;
    a.display_name = name.empty() ? email.substr(0, email.find('@')) : name;
    a.queues = SplitList(queues);
    a.languages = SplitList(languages);
    a.skills = SplitList(skills);
    auto hash = HashPassword(ReadPassword());
    if (!hash.ok()) {
      std::cerr << hash.status().message() << "\n";
      return 2;
    }
    a.password_hash = hash.value();
    auto id = repo.InsertAgent(a);
    if (!id.ok()) {
      std::cerr << id.status().message() << "\n";
      return 1;
    }
    std::cout << "added " << email << " (id " << id.value() << ")\n";
    return 0;
  }
  if (!existing.value()) {
    std::cerr << "no agent " << email << "\n";
    return 1;
  }
  Agent a = *existing.value();
  if (command == "passwd") {
    auto hash = HashPassword(ReadPassword());
    if (!hash.ok()) {
      std::cerr << hash.status().message() << "\n";
      return 2;
    }
    a.password_hash = hash.value();
  } else if (command == "disable" || command == "enable") {
    a.disabled = command == "disable";
  } else {
    std::cerr << kUsage;
    return 2;
  }
  Status s = repo.UpdateAgent(a);
  if (!s.ok()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  std::cout << command << ": " << email << " done"
            << (command == "disable" ? " (live sessions close within 2 seconds)" : "") << "\n";
  return 0;
}

}  // namespace relais::server::cli
