package dev.kaiming4j.cli;

import dev.kaiming4j.paper.PropagateCommand;

/** Test-only: a "cli" class importing the paper module, for architecture/ModuleRulesTest. Never called. */
public final class PaperImportFixture {
    private PaperImportFixture() {
    }

    static Class<?> paper() {
        return PropagateCommand.class;
    }
}
