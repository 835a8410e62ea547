package dev.kaiming4j.examples;

import dev.kaiming4j.io.Checkpoints;
import dev.kaiming4j.io.ModelSpec;
import dev.kaiming4j.io.WriteOptions;
import dev.kaiming4j.io.WriteResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A user's program: examples/resnet18.json to a .safetensors file with kaiming4j-api and
 * kaiming4j-io only (no CLI class), as README.md shows.
 * {@code java ResNet18FromJava examples/resnet18.json resnet18.safetensors}
 */
public final class ResNet18FromJava {
    private ResNet18FromJava() {
    }

    public static void main(String[] args) throws IOException {
        ModelSpec spec = ModelSpec.read(Path.of(args[0]), OptionalLong.empty());
        WriteResult r = Checkpoints.write(spec, Path.of(args[1]), WriteOptions.defaults());
        System.out.println(r.path() + ": " + spec.tensors().size() + " tensors, " + r.bytes() + " bytes");
    }
}
