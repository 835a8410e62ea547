#!/usr/bin/python3
"""numpy and torch peers for bench/side-by-side.sh (run with Debian's /usr/bin/python3).

Prints CSV lines system,backend,threads,distribution,dtype,elements,ns_per_element on stdout
and '# ...' lines for peers that could not be measured. Timing: the median of repeated calls
(time.perf_counter_ns) into a buffer allocated and pre-touched once, as our JMH targets are.
  numpy: Generator(Philox | PCG64).standard_normal(out=, dtype=), single-threaded. It draws
         N(0, 1): no Kaiming scaling, so numpy does strictly less work than the others.
  torch: torch.nn.init.kaiming_normal_/kaiming_uniform_(nonlinearity='relu') and
         trunc_normal_ (cut at +-2 sigma', sigma' as Keras/JAX) on a [n/1024, 1024] tensor,
         1 and 2 threads via torch.set_num_threads.
"""
import argparse
import math
import statistics
import sys
import time

import numpy as np

# Enough repeats for a stable median without letting one slow case (torch's trunc_normal_
# at 2^24 takes seconds a call) dominate the run.
TARGET_SECONDS = 0.25
MIN_REPEATS = 3
MAX_REPEATS = 2000


def median_ns(fn, elements, target_seconds):
    fn()  # first call: lazy initialization, not timed
    start = time.perf_counter_ns()
    fn()
    once = max(time.perf_counter_ns() - start, 1)
    repeats = int(min(MAX_REPEATS, max(MIN_REPEATS, target_seconds * 1e9 / once)))
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - t0)
    return statistics.median(samples) / elements


def emit(system, backend, threads, distribution, dtype, elements, ns):
    print(f"{system},{backend},{threads},{distribution},{dtype},{elements},{ns:.6g}", flush=True)


def bench_numpy(cases, target_seconds):
    for elements, distribution, dtype, _threads in cases:
        if distribution != "normal" or dtype not in ("float32", "float64"):
            continue
        for name, bitgen in (("philox", np.random.Philox), ("pcg64", np.random.PCG64)):
            rng = np.random.Generator(bitgen(42))
            out = np.empty(elements, dtype=dtype)
            out.fill(0)
            ns = median_ns(lambda: rng.standard_normal(out=out, dtype=out.dtype), elements, target_seconds)
            emit("numpy", name, 1, "normal", dtype, elements, ns)


def bench_torch(cases, target_seconds):
    try:
        import torch
    except ImportError as e:
        print(f"# torch: not importable by /usr/bin/python3 ({e}); install python3-torch", flush=True)
        return
    dtypes = {"float32": torch.float32, "float64": torch.float64, "bfloat16": torch.bfloat16}
    sigma_prime = math.sqrt(2.0 / 1024) / 0.87962566103423978
    for elements, distribution, dtype, threads in cases:
        torch.set_num_threads(threads)
        t = torch.zeros(elements // 1024, 1024, dtype=dtypes[dtype])
        if distribution == "normal":
            fn = lambda: torch.nn.init.kaiming_normal_(t, nonlinearity="relu")
            backend = "kaiming_normal_"
        elif distribution == "uniform":
            fn = lambda: torch.nn.init.kaiming_uniform_(t, nonlinearity="relu")
            backend = "kaiming_uniform_"
        else:
            fn = lambda: torch.nn.init.trunc_normal_(t, std=sigma_prime, a=-2 * sigma_prime, b=2 * sigma_prime)
            backend = "trunc_normal_"
        ns = median_ns(fn, elements, target_seconds)
        emit("torch", backend, threads, distribution, dtype, elements, ns)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--sizes", required=True, help="comma-separated element counts (fp32 normal sweep)")
    p.add_argument("--matrix-size", type=int, help="size of the distribution x dtype matrix (omit: none)")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--seconds", type=float, default=TARGET_SECONDS, help="time budget per measurement")
    p.add_argument("--skip-torch", help="reason torch is not measured (printed as a note)")
    a = p.parse_args()
    threads = [int(t) for t in a.threads.split(",")]
    cases = [(int(n), "normal", "float32", t) for n in a.sizes.split(",") for t in threads]
    if a.matrix_size:
        cases += [(a.matrix_size, d, dt, t) for d in ("normal", "uniform", "truncated_normal")
                  for dt in ("float32", "float64", "bfloat16") for t in threads]
    cases = list(dict.fromkeys(cases))
    # numpy is single-threaded: one measurement per size, distribution and dtype.
    numpy_cases = list(dict.fromkeys((n, d, dt, 1) for n, d, dt, _ in cases))
    bench_numpy(numpy_cases, a.seconds)
    if a.skip_torch:
        print(f"# torch: {a.skip_torch}", flush=True)
    else:
        bench_torch(cases, a.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
