package dev.kaiming4j;

import com.google.gson.JsonObject;
import dev.kaiming4j.jni.Pointers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Test-only: an "api" class (package dev.kaiming4j) breaking every api arrow, for
 * architecture/ModuleRulesTest to see the rule fail. Never called.
 */
public final class ForbiddenImportsFixture {
    private ForbiddenImportsFixture() {
    }

    static FloatPointer view(OffHeapTensor t) {
        return Pointers.asFloatPointer(t);
    }

    static boolean header(Path p) {
        return Files.exists(p) && new JsonObject().size() == 0;
    }

    /** An api class named for a file format. */
    public static final class SafetensorsHeader {
        private SafetensorsHeader() {
        }
    }
}
