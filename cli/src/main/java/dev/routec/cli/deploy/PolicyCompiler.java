package dev.routec.cli.deploy;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.source.SourceFile;

/**
 * The narrow interface deployment uses to turn a checked policy into a BPF object and manifest.
 * Failures are {@link dev.routec.cli.UserError}s (exit 1 for diagnostics, 3 for a missing clang,
 * 4 for a compiler bug).
 */
@FunctionalInterface
public interface PolicyCompiler {
    CompiledPolicy compile(SourceFile source, CheckedPolicy policy);
}
