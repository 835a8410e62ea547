/*
 * Included once, into the JavaCPP-generated jniKaimingJNI.cpp (KaimingJNI's @Platform), so
 * that libjniKaimingJNI.so loads on glibc 2.28 (RHEL 8) and newer although it is built on a
 * newer glibc. The pom links with -Wl,--wrap=<symbol> for each symbol below: every reference
 * to <symbol> in the library (JavaCPP's own code, the static libstdc++) becomes a reference to
 * __wrap_<symbol>, defined here to call the GLIBC_2.2.5 version, which every x86-64 glibc has
 * (in libdl/libpthread before 2.34, kept in libc as a compatibility symbol since). Without
 * this, a build on glibc >= 2.34 requires dlopen@GLIBC_2.34 and friends.
 * __libc_single_threaded (glibc 2.32) only tells libstdc++ it may skip atomic operations;
 * 0 ("other threads may exist") is always correct. JniGlibcVersionsTest reads `objdump -T` of
 * the built library and fails on any version newer than glibc 2.28 or any libstdc++ one.
 */
#ifndef K4J_GLIBC_COMPAT_H
#define K4J_GLIBC_COMPAT_H
#if defined(__linux__) && defined(__x86_64__)
#include <dlfcn.h>
#include <pthread.h>

#define K4J_HIDDEN __attribute__((visibility("hidden")))

extern "C" {
void *k4j_dlopen_2_2_5(const char *file, int mode);
void *k4j_dlsym_2_2_5(void *handle, const char *name);
char *k4j_dlerror_2_2_5(void);
int k4j_dlclose_2_2_5(void *handle);
int k4j_pthread_once_2_2_5(pthread_once_t *once, void (*init)(void));
int k4j_pthread_key_create_2_2_5(pthread_key_t *key, void (*destructor)(void *));
__asm__(".symver k4j_dlopen_2_2_5,dlopen@GLIBC_2.2.5");
__asm__(".symver k4j_dlsym_2_2_5,dlsym@GLIBC_2.2.5");
__asm__(".symver k4j_dlerror_2_2_5,dlerror@GLIBC_2.2.5");
__asm__(".symver k4j_dlclose_2_2_5,dlclose@GLIBC_2.2.5");
__asm__(".symver k4j_pthread_once_2_2_5,pthread_once@GLIBC_2.2.5");
__asm__(".symver k4j_pthread_key_create_2_2_5,__pthread_key_create@GLIBC_2.2.5");

K4J_HIDDEN void *__wrap_dlopen(const char *file, int mode) { return k4j_dlopen_2_2_5(file, mode); }
K4J_HIDDEN void *__wrap_dlsym(void *handle, const char *name) { return k4j_dlsym_2_2_5(handle, name); }
K4J_HIDDEN char *__wrap_dlerror(void) { return k4j_dlerror_2_2_5(); }
K4J_HIDDEN int __wrap_dlclose(void *handle) { return k4j_dlclose_2_2_5(handle); }
K4J_HIDDEN int __wrap_pthread_once(pthread_once_t *once, void (*init)(void)) {
    return k4j_pthread_once_2_2_5(once, init);
}
K4J_HIDDEN int __wrap___pthread_key_create(pthread_key_t *key, void (*destructor)(void *)) {
    return k4j_pthread_key_create_2_2_5(key, destructor);
}
K4J_HIDDEN char __wrap___libc_single_threaded = 0;
}

#undef K4J_HIDDEN
#endif
#endif
