// relais-ws-load: WebSocket load generator for relais-server (and the Node
// baseline relay), speaking the real protocol (server/PROTOCOL.md). Driven by
// tests/bench/server/run.mjs (`make bench`); usable by hand:
//
//   relais-ws-load idle     --port P --connections 15000 [--procs 3] [--server-pid PID]
//   relais-ws-load chat     --port P (--agent EMAIL... --password PW | --cookie C...)
//                           --conversations 100 [--rate 20000] [--window 8] [--seconds 5]
//                           [--warmup 1] [--messages N] [--close 1] [--server-pid PID]
//                           [--handoff-window 8] [--setup-timeout 120] [--text-bytes 64]
//   relais-ws-load populate --port P --conversations 9000 [--window 64] [--messages 2] [--leave 1]
//   relais-ws-load login    --port P --agent EMAIL... --password PW   (prints cookies)
//
// Each prints one JSON object (raw figures) on stdout; diagnostics go to stderr.
#include <cstdlib>
#include <iostream>

#include "modes.h"

namespace relais::bench {

bool Args::Parse(const std::vector<std::string>& argv, const std::vector<std::string>& known,
                 std::string* error) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.rfind("--", 0) != 0 || i + 1 >= argv.size()) {
      *error = "expected --key value, got " + a;
      return false;
    }
    std::string key = a.substr(2);
    bool ok = key == "host" || key == "port";
    for (const auto& k : known) ok = ok || k == key;
    if (!ok) {
      *error = "unknown option --" + key;
      return false;
    }
    values_.emplace(key, argv[++i]);
  }
  return true;
}

std::string Args::Str(const std::string& key, const std::string& fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

double Args::Num(const std::string& key, double fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : std::strtod(it->second.c_str(), nullptr);
}

std::vector<std::string> Args::All(const std::string& key) const {
  std::vector<std::string> out;
  auto [begin, end] = values_.equal_range(key);
  for (auto it = begin; it != end; ++it) out.push_back(it->second);
  return out;
}

Endpoint Args::GetEndpoint() const {
  Endpoint e;
  e.host = Str("host", "127.0.0.1");
  e.port = static_cast<uint16_t>(Num("port", 0));
  return e;
}

std::string HandoffFrame() {
  return R"({"type":"conversation.handoff","language":"fr","queue":"general",)"
         R"("reason":"asked_for_human","page_url":"https://example.org/passeport",)"
         R"("transcript":[{"author":"visitor","text":"Bonjour, je dois renouveler mon passeport."},)"
         R"({"author":"bot","text":"Voici la marche à suivre pour un renouvellement."}]})";
}

}  // namespace relais::bench

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << "usage: relais-ws-load idle|chat|populate|login --port PORT [options]\n"
                 "(see the comment at the top of tests/bench/server/ws_load.cc)\n";
    return 2;
  }
  std::string mode = args[0];
  args.erase(args.begin());
  if (mode == "idle") return relais::bench::RunIdle(args);
  if (mode == "chat") return relais::bench::RunChat(args);
  if (mode == "populate") return relais::bench::RunPopulate(args);
  if (mode == "login") return relais::bench::RunLogin(args);
  std::cerr << "relais-ws-load: unknown mode " << mode << "\n";
  return 2;
}
