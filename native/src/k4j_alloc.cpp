// k4j_alloc / k4j_free: 64-byte aligned memory that is never touched here, so the thread that
// fills it faults the pages in (first-touch NUMA placement). Large blocks are mmap'ed at a
// 2 MiB boundary, rounded up to whole 2 MiB, with MADV_HUGEPAGE: first touch of 4 KiB pages
// costs ~37x more than of transparent huge pages (docs/BENCHMARKS.md). k4j_free recomputes the
// same layout from `bytes`, which is why it must be the size that was allocated.
#pragma GCC visibility push(default)
#include "kaiming4j/kaiming4j.h"
#pragma GCC visibility pop

#include <stdlib.h>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#define K4J_HAVE_MMAP 1
#endif
#if defined(_WIN32)
#include <malloc.h>
#endif

namespace {
constexpr uint64_t kAlign = 64;
constexpr uint64_t kHugePage = 2ull << 20;
constexpr uint64_t kMmapThreshold = kHugePage;  // smaller blocks come from the heap
constexpr uint64_t kMaxBytes = (uint64_t)1 << 60;  // far beyond any machine; avoids overflow

uint64_t round_up(uint64_t v, uint64_t to) { return (v + to - 1) / to * to; }

#if defined(K4J_HAVE_MMAP)
void *map_huge(uint64_t bytes) {
    uint64_t size = round_up(bytes, kHugePage);
    // Over-map by one huge page, then trim so the block starts on a 2 MiB boundary.
    uint64_t span = size + kHugePage;
    void *raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return nullptr;
    uintptr_t start = (uintptr_t)raw;
    uintptr_t aligned = (uintptr_t)round_up(start, kHugePage);
    if (aligned > start) munmap(raw, aligned - start);
    uintptr_t end = start + span, used_end = aligned + size;
    if (end > used_end) munmap((void *)used_end, end - used_end);
#if defined(MADV_HUGEPAGE)
    madvise((void *)aligned, size, MADV_HUGEPAGE);  // advisory: failure is harmless
#endif
    return (void *)aligned;
}
#endif
}  // namespace

extern "C" {

int k4j_alloc(uint64_t bytes, void **out) {
    if (out == nullptr) return K4J_ERR_NULL;
    *out = nullptr;
    if (bytes == 0 || bytes > kMaxBytes || bytes > (uint64_t)(SIZE_MAX / 2)) return K4J_ERR_SIZE;
    void *p = nullptr;
#if defined(K4J_HAVE_MMAP)
    if (bytes >= kMmapThreshold) {
        p = map_huge(bytes);
        if (p == nullptr) return K4J_ERR_NOMEM;
        *out = p;
        return K4J_OK;
    }
#endif
#if defined(_WIN32)
    p = _aligned_malloc((size_t)bytes, kAlign);
    if (p == nullptr) return K4J_ERR_NOMEM;
#else
    if (posix_memalign(&p, kAlign, (size_t)round_up(bytes, kAlign)) != 0) return K4J_ERR_NOMEM;
#endif
    *out = p;
    return K4J_OK;
}

int k4j_free(void *ptr, uint64_t bytes) {
    if (ptr == nullptr) return K4J_OK;
#if defined(K4J_HAVE_MMAP)
    if (bytes >= kMmapThreshold) {
        munmap(ptr, round_up(bytes, kHugePage));
        return K4J_OK;
    }
#endif
#if defined(_WIN32)
    _aligned_free(ptr);
#else
    free(ptr);
#endif
    return K4J_OK;
}

}  // extern "C"
