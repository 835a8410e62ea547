package dev.kaiming4j.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.kaiming4j.ForbiddenImportsFixture;
import dev.kaiming4j.Nonlinearity;
import dev.kaiming4j.cli.KaimingCommand;
import dev.kaiming4j.cli.PaperImportFixture;
import dev.kaiming4j.io.Checkpoints;
import dev.kaiming4j.jni.Pointers;
import dev.kaiming4j.mkl.MklBackendProvider;
import dev.kaiming4j.paper.PropagateCommand;
import dev.kaiming4j.spark.Planner;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module arrows hold on the main classes of api, jni-bindings, mkl, io, spark, cli and paper (test
 * dependencies of this module), and the rules do catch
 * a forbidden import: test-only fixtures that break them are reported.
 */
class ModuleRulesTest {
    /**
     * The main classes of each module, read from the jar (or classes directory) one of its classes
     * came from: only our modules' own code, not this module's test fixtures, and no scan of the
     * whole class path (MKL's jars alone are 180 MB).
     */
    private static final JavaClasses MAIN = new ClassFileImporter().importUrls(Stream.of(
            Nonlinearity.class, Pointers.class, MklBackendProvider.class, Checkpoints.class, Planner.class,
            KaimingCommand.class, PropagateCommand.class)
            .map(c -> c.getProtectionDomain().getCodeSource().getLocation()).collect(Collectors.toList()));

    @Test
    void everyModuleKeepsToItsArrows() {
        // A rule over no classes proves nothing: the modules must really be here.
        for (String present : List.of("dev.kaiming4j.Nonlinearity", "dev.kaiming4j.spi.Backend",
                "dev.kaiming4j.jni.Pointers", "dev.kaiming4j.mkl.MklBackendProvider", "dev.kaiming4j.io.Checkpoints",
                "dev.kaiming4j.spark.Planner", "dev.kaiming4j.cli.KaimingCommand", "dev.kaiming4j.paper.PropagateCommand")) {
            assertTrue(MAIN.contain(present), "not imported: " + present);
        }
        for (ArchRule rule : ModuleRules.ALL) {
            rule.check(MAIN);
        }
    }

    @Test
    void anApiClassImportingJavaCppJniOrFileCodeIsReported() {
        EvaluationResult result = ModuleRules.API_RULE.evaluate(
                new ClassFileImporter().importClasses(ForbiddenImportsFixture.class));
        assertTrue(result.hasViolation());
        String report = result.getFailureReport().toString();
        for (String expected : List.of("org.bytedeco.javacpp.FloatPointer", "dev.kaiming4j.jni.Pointers",
                "java.nio.file.Files", "com.google.gson.JsonObject")) {
            assertTrue(report.contains(expected), () -> "missing " + expected + " in:\n" + report);
        }
    }

    @Test
    void anApiClassNamedForAFileFormatIsReported() {
        EvaluationResult result = ModuleRules.API_RULE.evaluate(
                new ClassFileImporter().importClasses(ForbiddenImportsFixture.SafetensorsHeader.class));
        assertTrue(result.hasViolation(), result.getFailureReport()::toString);
    }

    @Test
    void aCliClassImportingThePaperModuleIsReported() {
        EvaluationResult result = ModuleRules.CLI_RULE.evaluate(
                new ClassFileImporter().importClasses(PaperImportFixture.class));
        assertTrue(result.hasViolation());
        assertTrue(result.getFailureReport().toString().contains("dev.kaiming4j.paper.PropagateCommand"),
                result.getFailureReport()::toString);
    }

    @Test
    void theFixturesAreNotPartOfTheCheckedClasses() {
        assertFalse(MAIN.contain(ForbiddenImportsFixture.class.getName()));
        assertFalse(MAIN.contain(PaperImportFixture.class.getName()));
    }
}
