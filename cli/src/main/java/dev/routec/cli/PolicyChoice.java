package dev.routec.cli;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.pipeline.Frontend;
import java.util.Optional;
import java.util.stream.Collectors;

/** Picks the policy (`--policy`) and hook (`--hook`) a command works on. */
final class PolicyChoice {
    private PolicyChoice() {}

    static CheckedPolicy policy(Frontend.Result r, Optional<String> name) {
        if (r.policies().isEmpty())
            throw new UserError(ExitCode.INPUT, r.source().name() + " holds no policy");
        if (name.isPresent()) {
            return r.policy(name.get())
                    .orElseThrow(() -> new UserError(
                            ExitCode.USAGE,
                            "no policy `" + name.get() + "` in " + r.source().name() + "; it holds " + names(r)));
        }
        if (r.policies().size() > 1) {
            throw new UserError(
                    ExitCode.USAGE,
                    r.source().name() + " holds several policies (" + names(r) + "); choose one with --policy");
        }
        return r.policies().get(0);
    }

    private static String names(Frontend.Result r) {
        return r.policies().stream().map(CheckedPolicy::name).collect(Collectors.joining(", "));
    }

    static Policy.Hook hook(CheckedPolicy p, Optional<String> hook) {
        if (hook.isEmpty()) return p.attaches().get(0).hook();
        Policy.Hook h =
                switch (hook.get()) {
                    case "xdp" -> Policy.Hook.XDP;
                    case "tc-ingress", "ingress" -> Policy.Hook.TC_INGRESS;
                    case "tc-egress", "egress" -> Policy.Hook.TC_EGRESS;
                    default ->
                        throw new UserError(
                                ExitCode.USAGE, "unknown hook `" + hook.get() + "`; use xdp, tc-ingress or tc-egress");
                };
        if (p.attaches().stream().noneMatch(a -> a.hook() == h)) {
            throw new UserError(ExitCode.USAGE, "policy `" + p.name() + "` does not attach at " + h.text);
        }
        return h;
    }
}
