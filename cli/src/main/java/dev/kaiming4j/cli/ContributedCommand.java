package dev.kaiming4j.cli;

import java.util.concurrent.Callable;

/**
 * A subcommand of {@code kaiming} contributed by a module on the class path (the paper
 * module's {@code propagate} and {@code train-demo}), found by {@link java.util.ServiceLoader}.
 * An implementation is a picocli {@code @Command} class with a public no-argument constructor,
 * listed in {@code META-INF/services/dev.kaiming4j.cli.ContributedCommand}; it returns the exit
 * code and may throw as the built-in commands do ({@link IllegalArgumentException}: bad usage,
 * exit 2; anything else: failure, exit 1).
 */
public interface ContributedCommand extends Callable<Integer> {
}
