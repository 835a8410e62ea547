// Constants of the kaiming4j kernel, spelled exactly as in the Java reference so that both
// parse to the same doubles (decimal literals are correctly rounded by javac and by GCC/Clang).
#ifndef KAIMING4J_CONSTANTS_HPP
#define KAIMING4J_CONSTANTS_HPP

#include <stdint.h>

#include "kaiming4j/kaiming4j.h"

namespace k4j {

// The ABI's dtype / distribution codes (defined once, in kaiming4j.h) as template arguments.
constexpr int kFloat32 = K4J_FLOAT32, kFloat64 = K4J_FLOAT64, kFloat16 = K4J_FLOAT16,
              kBFloat16 = K4J_BFLOAT16;
constexpr int kNormal = K4J_NORMAL, kUniform = K4J_UNIFORM,
              kTruncatedNormal = K4J_TRUNCATED_NORMAL;
// k4j_api.cpp validates codes as ranges [first, last]: the codes must stay contiguous.
static_assert(kFloat64 == kFloat32 + 1 && kFloat16 == kFloat32 + 2 && kBFloat16 == kFloat32 + 3,
              "dtype codes must be contiguous");
static_assert(kUniform == kNormal + 1 && kTruncatedNormal == kNormal + 2,
              "distribution codes must be contiguous");

// Philox4x32-10 (Philox4x32.java).
constexpr uint32_t kPhiloxM0 = 0xD2511F53u;
constexpr uint32_t kPhiloxM1 = 0xCD9E8D57u;
constexpr uint32_t kPhiloxW0 = 0x9E3779B9u;
constexpr uint32_t kPhiloxW1 = 0xBB67AE85u;
constexpr int kPhiloxRounds = 10;

// WordMapping.java.
constexpr double kTruncationMass = 0.9544997361036416;
constexpr double kCentralLimit = 0.425;
constexpr double kCentralSquare = 0.180625;  // 0.425^2: central r = 0.425^2 - q^2
constexpr double kTailShift = 1.6;           // tail r = sqrt(-log p) - 1.6
// Wichura, AS 241 (PPND16): index i is the coefficient of r^i (WordMapping.A, B, C, D).
constexpr double kCentralNum[8] = {
    3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
    45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727};
constexpr double kCentralDen[8] = {
    1.0, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
    21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852854561};
constexpr double kTailNum[8] = {
    1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055,
    3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177,
    0.0227238449892691845833, 7.7454501427834140764e-4};
constexpr double kTailDen[8] = {
    1.0, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
    0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4,
    1.05075007164441684324e-9};

// FdlibmLog.java.
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kLg1 = 6.666666666666735130e-01;
constexpr double kLg2 = 3.999999999940941908e-01;
constexpr double kLg3 = 2.857142874366239149e-01;
constexpr double kLg4 = 2.222219843214978396e-01;
constexpr double kLg5 = 1.818357216161805012e-01;
constexpr double kLg6 = 1.531383769920937332e-01;
constexpr double kLg7 = 1.479819860511658591e-01;

}  // namespace k4j

#endif
