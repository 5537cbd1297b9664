#include "det_math.h"

#include <cmath>

namespace relais::engine::internal {
namespace {

// ln 2 split in a high part with trailing zero bits (exact k * kLn2Hi) and a low part.
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;

}  // namespace

double DetExp(double x) {
  if (!(x > -700.0)) return 0.0;  // also NaN → 0
  if (x > 700.0) x = 700.0;
  // x = k ln2 + r, |r| <= ln2 / 2.
  const double kd = x * kInvLn2;
  const int k = static_cast<int>(kd < 0 ? kd - 0.5 : kd + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  // Taylor series of e^r to degree 13: error < 1e-17 for |r| <= 0.347.
  double term = 1.0;
  double sum = 1.0;
  for (int i = 1; i <= 13; ++i) {
    term = term * r / i;
    sum += term;
  }
  return std::ldexp(sum, k);  // exact scaling by 2^k
}

double DetLog(double x) {
  if (!(x > 0.0)) return -745.0;
  int e = 0;
  double m = std::frexp(x, &e);  // x = m * 2^e, m in [0.5, 1); exact
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    --e;
  }
  // ln(m) = 2 atanh(t), t = (m - 1) / (m + 1), |t| <= 0.172.
  const double t = (m - 1.0) / (m + 1.0);
  const double t2 = t * t;
  double power = t;
  double sum = 0.0;
  for (int i = 1; i <= 41; i += 2) {
    sum += power / i;
    power *= t2;
  }
  return 2.0 * sum + e * kLn2Hi + e * kLn2Lo;
}

}  // namespace relais::engine::internal
