// Reading another process' resource use from /proc (Linux), for the figures
// the load generator reports about the server it drives.
#ifndef RELAIS_TESTS_BENCH_SERVER_PROC_H_
#define RELAIS_TESTS_BENCH_SERVER_PROC_H_

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace relais::bench {

// A field of /proc/PID/status in KiB (VmRSS, VmHWM), or 0 when unreadable.
inline long ProcStatusKb(int pid, const std::string& field) {
  if (pid <= 0) return 0;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::strtol(line.c_str() + field.size() + 1, nullptr, 10);
    }
  }
  return 0;
}

// User + system CPU seconds used so far by a process, or -1 when unreadable.
inline double ProcCpuSeconds(int pid) {
  if (pid <= 0) return -1;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t close = all.rfind(')');  // the command name may contain spaces
  if (close == std::string::npos) return -1;
  std::istringstream fields(all.substr(close + 2));
  std::string f;
  long utime = 0, stime = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14) utime = std::strtol(f.c_str(), nullptr, 10);
    if (i == 15) {
      stime = std::strtol(f.c_str(), nullptr, 10);
      break;
    }
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace relais::bench

#endif  // RELAIS_TESTS_BENCH_SERVER_PROC_H_
