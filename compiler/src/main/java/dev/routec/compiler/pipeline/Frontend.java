package dev.routec.compiler.pipeline;

import dev.routec.compiler.ast.PolicyFile;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.Checker;
import dev.routec.compiler.check.PacketChecker;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.parse.Parser;
import dev.routec.compiler.source.SourceFile;
import java.util.List;
import java.util.Optional;

/**
 * The front end's passes in order: parse, then check (names, types, hooks, tests) and static
 * analysis. Stops between passes when a pass reported errors.
 */
public final class Frontend {
    private Frontend() {}

    /** What the front end made of one file. {@code policies} is complete only without errors. */
    public record Result(SourceFile source, Optional<PolicyFile> ast, List<CheckedPolicy> policies, Diagnostics diags) {
        public boolean ok() {
            return !diags.hasErrors();
        }

        public Optional<CheckedPolicy> policy(String name) {
            return policies.stream().filter(p -> p.name().equals(name)).findFirst();
        }
    }

    public static Result check(SourceFile src) {
        Diagnostics diags = new Diagnostics();
        Optional<PolicyFile> ast = Parser.parseFile(src, diags);
        if (ast.isEmpty()) return new Result(src, ast, List.of(), diags);
        List<CheckedPolicy> policies = Checker.check(ast.get(), diags);
        return new Result(src, ast, diags.hasErrors() ? List.of() : policies, diags);
    }

    /** Parses and checks packet notation given on its own (the CLI's {@code --packet}). */
    public static Optional<PacketSpec> packet(SourceFile src, Diagnostics diags) {
        return Parser.parsePacket(src, diags).flatMap(p -> new PacketChecker(diags).check(p));
    }
}
