// k4j_bench: ns/element of k4j_fill_at_level per SIMD level (not a test).
//   k4j_bench [log2_count=24] [runs=9] [dtype=0] [distribution=0] [only_level=-1] [scale=0.0447]
// The buffer is allocated with k4j_alloc and pre-touched, so page faults are not measured;
// reports the median wall time of `runs` single-threaded fills and, in parentheses, the minimum
// thread CPU time (steadier on a loaded machine: time the thread was descheduled is excluded),
// and memset of the same bytes as the bandwidth reference.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "kaiming4j/kaiming4j.h"

static double now_ns() {
    return (double)std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
}

static double cpu_ns() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

struct Timing {
    double median_wall, min_cpu;
};

template <typename F>
static Timing time_ns(int runs, F f) {
    std::vector<double> t;
    double min_cpu = 1e300;
    f();  // warm-up
    for (int r = 0; r < runs; r++) {
        double c0 = cpu_ns(), t0 = now_ns();
        f();
        t.push_back(now_ns() - t0);
        min_cpu = std::min(min_cpu, cpu_ns() - c0);
    }
    std::sort(t.begin(), t.end());
    return {t[t.size() / 2], min_cpu};
}

int main(int argc, char **argv) {
    int lg = argc > 1 ? atoi(argv[1]) : 24;
    int runs = argc > 2 ? atoi(argv[2]) : 9;
    int dtype = argc > 3 ? atoi(argv[3]) : K4J_FLOAT32;
    int dist = argc > 4 ? atoi(argv[4]) : K4J_NORMAL;
    int only = argc > 5 ? atoi(argv[5]) : -1;
    double scale = argc > 6 ? atof(argv[6]) : 0.0447;
    const char *dtypes[] = {"float32", "float64", "float16", "bfloat16"};
    const char *dists[] = {"normal", "uniform", "truncated_normal"};
    const char *levels[] = {"scalar", "avx2", "avx512", "neon"};
    if (dtype < 0 || dtype > 3 || dist < 0 || dist > 2) {
        fprintf(stderr, "bad dtype/distribution\n");
        return 2;
    }
    const uint64_t n = 1ull << lg;
    const uint64_t es = dtype == K4J_FLOAT64 ? 8 : dtype == K4J_FLOAT32 ? 4 : 2;
    void *buf = nullptr;
    if (k4j_alloc(n * es, &buf) != K4J_OK) {
        fprintf(stderr, "alloc failed\n");
        return 1;
    }
    memset(buf, 0, n * es);
    printf("kaiming4j %s: %llu x %s %s, scale %g, median of %d runs, best level %s\n", k4j_version(),
           (unsigned long long)n, dtypes[dtype], dists[dist], scale, runs, levels[k4j_best_simd_level()]);
    Timing ms = time_ns(runs, [&] { memset(buf, runs, n * es); });
    printf("  %-8s %7.3f ns/element  (cpu min %7.3f)\n", "memset", ms.median_wall / (double)n,
           ms.min_cpu / (double)n);
    for (int level = K4J_SIMD_SCALAR; level <= K4J_SIMD_NEON; level++) {
        if (only >= 0 && level != only) continue;
        if (!k4j_simd_level_supported(level)) {
            printf("  %-8s unsupported here (skipped)\n", levels[level]);
            continue;
        }
        int level_runs = level == K4J_SIMD_SCALAR ? std::min(runs, 3) : runs;
        Timing t = time_ns(level_runs, [&] {
            int st = k4j_fill_at_level(level, buf, dtype, dist, scale, 42, 0, 0, n);
            if (st != K4J_OK) abort();
        });
        printf("  %-8s %7.3f ns/element  (cpu min %7.3f)\n", levels[level],
               t.median_wall / (double)n, t.min_cpu / (double)n);
    }
    k4j_free(buf, n * es);
    return 0;
}
