package dev.kaiming4j.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * Which module may import which (docs/ARCHITECTURE.md): api ← (jni-bindings, mkl, io) ←
 * (spark, cli, paper, tests, bench). Every module owns its package: the api module
 * {@code dev.kaiming4j}, {@code .spi} and {@code .internal} (with the reference backend in
 * {@code .internal.ref}), each other module
 * {@code dev.kaiming4j.<module>}, so a rule names packages. Each rule lists what a module must
 * not import; what it leaves out is allowed.
 */
final class ModuleRules {
    static final String[] API = {"dev.kaiming4j", "dev.kaiming4j.spi..", "dev.kaiming4j.internal.."};
    static final String JNI = "dev.kaiming4j.jni..";
    static final String MKL = "dev.kaiming4j.mkl..";
    static final String IO = "dev.kaiming4j.io..";
    static final String SPARK = "dev.kaiming4j.spark..";
    static final String CLI = "dev.kaiming4j.cli..";
    static final String PAPER = "dev.kaiming4j.paper..";
    static final String JAVACPP = "org.bytedeco..";
    static final String MKL_PRESETS = "org.bytedeco.mkl..";

    /** File access and the JSON library the formats use: what "no file-format code" can be checked by. */
    private static final DescribedPredicate<JavaClass> FILE_CODE =
            resideInAnyPackage("java.nio.file..", "java.nio.channels..", "com.google.gson..")
                    .or(resideInAnyPackage("java.io").and(simpleNameStartingWith("File")
                            .or(simpleNameStartingWith("RandomAccessFile"))))
                    .as("file access (java.nio.file, java.nio.channels, java.io.File*, RandomAccessFile) or gson");

    /** The API knows no binding, no other module and no file format. */
    static final ArchRule API_RULE = noClasses().that().resideInAnyPackage(API)
            .should().dependOnClassesThat().resideInAnyPackage(JAVACPP, JNI, MKL, IO, SPARK, CLI, PAPER)
            .orShould().dependOnClassesThat(FILE_CODE)
            .orShould().haveNameMatching(".*\\.[^.]*(?i:npy|safetensors|zarr)[^.]*")
            .because("api is the pure-Java core every module builds on");

    static final ArchRule JNI_RULE = noClasses().that().resideInAPackage(JNI)
            .should().dependOnClassesThat().resideInAnyPackage(MKL_PRESETS, MKL, IO, SPARK, CLI, PAPER)
            .because("jni-bindings is a backend without MKL: it sees only the api and JavaCPP");

    static final ArchRule CLI_RULE = noClasses().that().resideInAPackage(CLI)
            .should().dependOnClassesThat().resideInAnyPackage(JAVACPP, JNI, MKL, SPARK, PAPER)
            .because("the CLI reaches backends through the SPI only, and the paper module plugs into "
                    + "the CLI (ContributedCommand), never the other way");

    static final ArchRule MKL_RULE = noClasses().that().resideInAPackage(MKL)
            .should().dependOnClassesThat().resideInAnyPackage(JNI, IO, SPARK, CLI, PAPER)
            .because("mkl is a backend: it sees only the api");

    static final ArchRule IO_RULE = noClasses().that().resideInAPackage(IO)
            .should().dependOnClassesThat().resideInAnyPackage(JAVACPP, JNI, MKL, SPARK, CLI, PAPER)
            .because("io writes what any backend generates, through the api");

    static final ArchRule SPARK_RULE = noClasses().that().resideInAPackage(SPARK)
            .should().dependOnClassesThat().resideInAnyPackage(CLI, PAPER)
            .because("spark is a peer of the CLI, not a user of it");

    static final List<ArchRule> ALL = List.of(API_RULE, JNI_RULE, CLI_RULE, MKL_RULE, IO_RULE, SPARK_RULE);

    private ModuleRules() {
    }
}
