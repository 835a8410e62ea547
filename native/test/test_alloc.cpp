// k4j_alloc / k4j_free: status codes, 64-byte alignment, usable memory, heap and mmap sizes.
#include "k4j_test.hpp"

using namespace k4jtest;

int main() {
    void *p = (void *)1;
    K4J_CHECK_EQ(k4j_alloc(0, &p), K4J_ERR_SIZE, "zero size");
    K4J_CHECK(p == nullptr, "out cleared on failure");
    K4J_CHECK_EQ(k4j_alloc(64, nullptr), K4J_ERR_NULL, "null out");
    K4J_CHECK_EQ(k4j_alloc(UINT64_MAX, &p), K4J_ERR_SIZE, "absurd size");
    K4J_CHECK_EQ(k4j_alloc(1ull << 62, &p), K4J_ERR_SIZE, "2^62 bytes");
    K4J_CHECK_EQ(k4j_free(nullptr, 123), K4J_OK, "free NULL");
    const uint64_t sizes[] = {1, 3, 63, 64, 65, 4096, 100000, (2ull << 20) - 1, 2ull << 20,
                              (2ull << 20) + 1, 37ull << 20};
    for (uint64_t bytes : sizes) {
        void *m = nullptr;
        K4J_CHECK_EQ(k4j_alloc(bytes, &m), K4J_OK, "alloc %llu", (unsigned long long)bytes);
        if (m == nullptr) continue;
        K4J_CHECK_EQ((uintptr_t)m % 64, (uintptr_t)0, "alignment of %llu bytes", (unsigned long long)bytes);
        if (bytes >= (2ull << 20))
            K4J_CHECK_EQ((uintptr_t)m % (2ull << 20), (uintptr_t)0, "huge-page alignment");
        // Usable: fill it through the API (float32 where it fits) and touch both ends.
        uint64_t n = bytes / 4;
        if (n > 0) K4J_CHECK_EQ(k4j_fill(m, K4J_FLOAT32, K4J_NORMAL, 1.0, 1, 0, 0, n), K4J_OK, "fill");
        ((volatile unsigned char *)m)[0] = 1;
        ((volatile unsigned char *)m)[bytes - 1] = 2;
        K4J_CHECK_EQ(k4j_free(m, bytes), K4J_OK, "free %llu", (unsigned long long)bytes);
    }
    // Many allocate/free cycles must not leak address space (mmap path).
    for (int i = 0; i < 200; i++) {
        void *m = nullptr;
        K4J_CHECK_EQ(k4j_alloc(64ull << 20, &m), K4J_OK, "cycle %d", i);
        K4J_CHECK_EQ(k4j_free(m, 64ull << 20), K4J_OK, "cycle free %d", i);
    }
    return finish("test_alloc");
}
