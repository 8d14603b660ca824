package dev.routec.cli;

import com.palantir.javapoet.JavaFile;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.emit.JavaBindings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --java-out DIR --package P} of {@code routec compile}: also write the Java bindings of each
 * policy (docs/cli.md, "Java bindings"). A picocli mixin: {@code @Mixin JavaOutOptions javaOut;},
 * then {@link #validate()} before compiling and {@link #write} with the checked policies.
 */
final class JavaOutOptions {
    @Option(
            names = "--java-out",
            paramLabel = "DIR",
            description = "also write Java bindings, one class per policy, under DIR (needs --package)")
    Optional<Path> dir = Optional.empty();

    @Option(
            names = "--package",
            paramLabel = "P",
            description = "the Java package of the bindings, e.g. com.example.net (with --java-out)")
    Optional<String> pkg = Optional.empty();

    /** True when bindings were asked for. */
    boolean requested() {
        return dir.isPresent();
    }

    /** Checks the two options go together and the package is a Java package name (usage error). */
    void validate() {
        if (dir.isPresent() && pkg.isEmpty()) {
            throw new UserError(
                    ExitCode.USAGE, "--java-out needs --package P (a Java package name, e.g. com.example.net)");
        }
        if (pkg.isPresent() && dir.isEmpty()) {
            throw new UserError(ExitCode.USAGE, "--package needs --java-out DIR (where to write the Java bindings)");
        }
        if (pkg.isPresent() && !JavaBindings.isPackageName(pkg.get())) {
            throw new UserError(
                    ExitCode.USAGE,
                    "--package " + pkg.get() + " is not a Java package name (dotted identifiers that are not"
                            + " Java keywords, e.g. com.example.net)");
        }
    }

    /**
     * Writes the bindings of {@code policies} (all from {@code source}) if they were asked for;
     * returns the files written, in policy order.
     */
    List<Path> write(List<CheckedPolicy> policies, Path source) {
        if (!requested()) return List.of();
        validate();
        String name = source.getFileName().toString();
        List<JavaFile> files = JavaBindings.generate(policies, name, pkg.orElseThrow());
        try {
            return JavaBindings.write(files, dir.orElseThrow());
        } catch (IOException e) {
            throw new UserError(
                    ExitCode.ENVIRONMENT, "cannot write the Java bindings under " + dir.orElseThrow() + ": " + e);
        }
    }
}
