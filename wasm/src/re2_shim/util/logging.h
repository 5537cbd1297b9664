// Stands in for RE2's util/logging.h in the WebAssembly build (put ahead of
// RE2's own on the include path by cmake/WasmThirdParty.cmake). RE2's version
// formats its log lines with std::ostringstream, which alone pulls iostreams and
// every locale facet into the module (about 50 KB of code). The engine reads
// RE2's errors from RE2::error() and turns logging off, so here messages are
// dropped; checks that fail still abort, as in RE2.
#ifndef UTIL_LOGGING_H_
#define UTIL_LOGGING_H_

#include <assert.h>
#include <stdlib.h>

#include "util/util.h"

#define DCHECK(condition) assert(condition)
#define DCHECK_EQ(val1, val2) assert((val1) == (val2))
#define DCHECK_NE(val1, val2) assert((val1) != (val2))
#define DCHECK_LE(val1, val2) assert((val1) <= (val2))
#define DCHECK_LT(val1, val2) assert((val1) < (val2))
#define DCHECK_GE(val1, val2) assert((val1) >= (val2))
#define DCHECK_GT(val1, val2) assert((val1) > (val2))

// Swallows whatever is streamed into it.
class LogMessage {
 public:
  template <typename T>
  LogMessage& operator<<(const T&) {
    return *this;
  }
};

// Aborts at the end of the statement that streams into it.
class LogMessageFatal : public LogMessage {
 public:
  ATTRIBUTE_NORETURN ~LogMessageFatal() { abort(); }
};

#define CHECK(x) \
  if (x) {       \
  } else         \
    LogMessageFatal()
#define CHECK_LT(x, y) CHECK((x) < (y))
#define CHECK_GT(x, y) CHECK((x) > (y))
#define CHECK_LE(x, y) CHECK((x) <= (y))
#define CHECK_GE(x, y) CHECK((x) >= (y))
#define CHECK_EQ(x, y) CHECK((x) == (y))
#define CHECK_NE(x, y) CHECK((x) != (y))

#define LOG_INFO LogMessage()
#define LOG_WARNING LogMessage()
#define LOG_ERROR LogMessage()
#define LOG_FATAL LogMessageFatal()
#define LOG_QFATAL LOG_FATAL
#ifdef NDEBUG
#define LOG_DFATAL LOG_ERROR
#else
#define LOG_DFATAL LOG_FATAL
#endif

#define LOG(severity) LOG_##severity
#define VLOG(x) \
  if ((x) > 0) { \
  } else         \
    LOG_INFO

#endif  // UTIL_LOGGING_H_
