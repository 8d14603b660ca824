package dev.routec.cli;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.pipeline.Frontend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** FILE, {@code --policy} and {@code --hook}: which policy of which file runs at which hook (a mixin). */
final class PolicySelection {
    @Parameters(index = "0", paramLabel = "FILE", description = "a .route file")
    Path file;

    @Option(names = "--policy", paramLabel = "N", description = "the policy, when the file holds several")
    Optional<String> policy = Optional.empty();

    @Option(
            names = "--hook",
            paramLabel = "H",
            description = "xdp, tc-ingress or tc-egress (default: the policy's first hook)")
    Optional<String> hook = Optional.empty();

    /** Checks the file (diagnostics to {@code err}, exit 1 on errors) and picks the policy. */
    CheckedPolicy policy(PrintWriter err) {
        Frontend.Result r = Inputs.checked(file, err);
        return PolicyChoice.policy(r, policy);
    }

    Policy.Hook hook(CheckedPolicy p) {
        return PolicyChoice.hook(p, hook);
    }
}
