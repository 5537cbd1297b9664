// The load generator's modes (one file each) and their shared command line.
#ifndef RELAIS_TESTS_BENCH_SERVER_MODES_H_
#define RELAIS_TESTS_BENCH_SERVER_MODES_H_

#include <map>
#include <string>
#include <vector>

#include "ws_client.h"

namespace relais::bench {

// `--key value` pairs; `--agent` may repeat. Unknown keys are an error so that a
// typo in the bench driver cannot silently change a figure.
class Args {
 public:
  // Returns false (with *error) on a malformed line or a key not in `known`.
  bool Parse(const std::vector<std::string>& argv, const std::vector<std::string>& known,
             std::string* error);
  std::string Str(const std::string& key, const std::string& fallback = "") const;
  double Num(const std::string& key, double fallback) const;
  std::vector<std::string> All(const std::string& key) const;
  Endpoint GetEndpoint() const;

 private:
  std::multimap<std::string, std::string> values_;
};

// Each mode prints one JSON object on stdout and returns the process exit code
// (0 when every connection and message went through).
int RunIdle(const std::vector<std::string>& argv);
int RunChat(const std::vector<std::string>& argv);
int RunPopulate(const std::vector<std::string>& argv);
// Signs agents in (POST /api/login) and prints their session cookies.
int RunLogin(const std::vector<std::string>& argv);

// The hand-off every bench visitor sends (queue "general", a two-entry transcript).
std::string HandoffFrame();

}  // namespace relais::bench

#endif  // RELAIS_TESTS_BENCH_SERVER_MODES_H_
