package dev.routec.cli.deploy;

import dev.routec.cli.ExitCode;
import dev.routec.cli.UserError;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.source.SourceFile;

/** The compiler's back end behind {@link PolicyCompiler}: lowering, C emission, clang, manifest. */
public final class BackendCompiler implements PolicyCompiler {
    @Override
    public CompiledPolicy compile(SourceFile source, CheckedPolicy policy) {
        throw new UserError(
                ExitCode.ENVIRONMENT,
                "this build of routec has no eBPF back end yet, so policy `" + policy.name()
                        + "` cannot be compiled for"
                        + " the kernel (`routec eval` runs it on the reference interpreter)");
    }
}
