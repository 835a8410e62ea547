package dev.kaiming4j.internal.ref;

import dev.kaiming4j.spi.Backend;
import dev.kaiming4j.spi.BackendProvider;

/** Provides the reference backend; nothing to load, always available. */
public final class JavaBackendProvider implements BackendProvider {
    private static final Backend INSTANCE = new JavaBackend();

    @Override
    public String name() {
        return JavaBackend.NAME;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public Throwable unavailabilityCause() {
        return null;
    }

    @Override
    public Backend create() {
        return INSTANCE;
    }
}
