package dev.kaiming4j.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module descriptors in the packaged jars: the API exports {@code dev.kaiming4j} and
 * {@code dev.kaiming4j.spi} to everyone and its internals only to kaiming4j's own modules, and
 * the jni module provides the native backend as a service.
 */
class ModuleDescriptorTest {
    private static final Set<String> OUR_MODULES = Set.of("dev.kaiming4j.jni", "dev.kaiming4j.mkl",
            "dev.kaiming4j.io", "dev.kaiming4j.cli");

    @Test
    void theApiExportsTwoPackagesAndFencesTheInternals() {
        ModuleDescriptor api = descriptor("kaiming4j-api-");
        assertEquals("dev.kaiming4j", api.name());
        Set<String> open = api.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(Set.of("dev.kaiming4j", "dev.kaiming4j.spi"), open);
        Map<String, Set<String>> qualified = api.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
        assertEquals(Set.of("dev.kaiming4j.internal", "dev.kaiming4j.internal.ref"), qualified.keySet());
        qualified.values().forEach(targets -> assertTrue(OUR_MODULES.containsAll(targets), targets.toString()));
        assertTrue(api.packages().containsAll(qualified.keySet()));
        assertTrue(api.uses().contains("dev.kaiming4j.spi.BackendProvider"));
        assertTrue(api.opens().isEmpty());
    }

    @Test
    void theJniModuleProvidesTheNativeBackend() {
        ModuleDescriptor jni = descriptor("kaiming4j-jni-");
        assertEquals("dev.kaiming4j.jni", jni.name());
        // Only its own package, for Pointers (the JavaCPP handoff of docs/HANDOFF.md).
        assertEquals(Set.of("dev.kaiming4j.jni"),
                jni.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(jni.provides().stream().anyMatch(p -> p.service().equals("dev.kaiming4j.spi.BackendProvider")
                && p.providers().contains("dev.kaiming4j.jni.NativeBackendProvider")), jni.provides().toString());
    }

    private static ModuleDescriptor descriptor(String jarPrefix) {
        Path jar = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> p.getFileName().toString().startsWith(jarPrefix) && p.toString().endsWith(".jar"))
                .findFirst().orElse(null);
        assumeTrue(jar != null, jarPrefix + "*.jar is not on the class path (class directories have no descriptor)");
        return ModuleFinder.of(jar).findAll().iterator().next().descriptor();
    }
}
