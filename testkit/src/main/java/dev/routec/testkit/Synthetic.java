package dev.routec.testkit;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.Defs;
import dev.routec.compiler.check.TExpr;
import dev.routec.compiler.diag.Diagnostic;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.interp.Expressions;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.interp.RuntimeState;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks {@code given}s, checks and {@code where} conditions written in the {@code .route} language
 * against a policy's names: the text goes into a synthetic {@code test} or {@code property} block
 * appended to the policy, and the whole file is checked again by the front end (never compiled), so
 * these mean exactly what they mean in a {@code .route} file.
 */
final class Synthetic {
    private static final String NAME = "__testkit";

    private final CheckedPolicy policy;
    private final String source;
    private final Map<String, TExpr> checks = new HashMap<>();
    private final Map<String, TExpr> wheres = new HashMap<>();

    Synthetic(CheckedPolicy policy, String source) {
        this.policy = policy;
        this.source = source;
    }

    /** The named policy of a file (the only one when {@code name} is null), or the diagnostics as an exception. */
    static CheckedPolicy checkOne(String fileName, String text, String name) {
        Frontend.Result r = Frontend.check(new SourceFile(fileName, text));
        if (!r.ok())
            throw new IllegalArgumentException(
                    fileName + " does not check:\n" + errors(r.diags().sorted()));
        if (name != null)
            return r.policy(name)
                    .orElseThrow(() -> new IllegalArgumentException("no policy `" + name + "` in " + fileName
                            + " (it has "
                            + r.policies().stream().map(CheckedPolicy::name).toList() + ")"));
        if (r.policies().size() != 1)
            throw new IllegalArgumentException(
                    fileName + " holds " + r.policies().size() + " policies "
                            + r.policies().stream().map(CheckedPolicy::name).toList() + "; name the one to test");
        return r.policies().get(0);
    }

    private static String errors(List<Diagnostic> ds) {
        return ds.stream().filter(Diagnostic::isError).map(Renderer::render).collect(Collectors.joining());
    }

    /** The policy re-checked with {@code item} appended to its body. */
    private CheckedPolicy with(String item, String what) {
        Policy ast = policy.ast();
        int close = ast.span().end() - 1;
        if (close < 0 || close >= source.length() || source.charAt(close) != '}')
            throw new IllegalStateException("cannot find the end of policy `" + policy.name() + "`");
        String text = source.substring(0, close) + "\n" + item + "\n" + source.substring(close);
        String file = ast.span().file().name();
        Frontend.Result r = Frontend.check(new SourceFile(file, text));
        if (!r.ok())
            throw new IllegalArgumentException(
                    "bad " + what + ":\n" + errors(r.diags().sorted()));
        return r.policy(policy.name()).orElseThrow();
    }

    List<CheckedPolicy.Given> givens(String given) {
        CheckedPolicy p = with("test \"" + NAME + "\" { given " + given + " }", "given `" + given + "`");
        List<CheckedPolicy.Given> gs = p.tests().get(p.tests().size() - 1).givens();
        return gs.stream().map(this::own).toList();
    }

    /** The same change aimed at this policy's own declaration (the kernel side finds it by identity). */
    private CheckedPolicy.Given own(CheckedPolicy.Given g) {
        Defs.Container mine = policy.container(g.target().name()).orElseThrow();
        return switch (g) {
            case CheckedPolicy.SetGiven s -> new CheckedPolicy.SetGiven(mine, s.op(), s.elems());
            case CheckedPolicy.MapGiven m -> new CheckedPolicy.MapGiven((Defs.MapDef) mine, m.key(), m.value());
        };
    }

    TExpr check(String check) {
        return checks.computeIfAbsent(check, c -> {
            CheckedPolicy p = with("property \"" + NAME + "\" { forall any => " + c + " }", "check `" + c + "`");
            return p.properties().get(p.properties().size() - 1).check();
        });
    }

    TExpr where(String where) {
        return wheres.computeIfAbsent(where, w -> {
            CheckedPolicy p = with(
                    "property \"" + NAME + "\" { forall any where " + w + " => verdict == pass }",
                    "condition `" + w + "`");
            return p.properties().get(p.properties().size() - 1).where().orElseThrow();
        });
    }

    boolean holdsOnInput(TExpr e, RuntimeState state, PacketSpec spec, Policy.Hook hook) {
        return Expressions.onInput(e, state, PacketBuilder.build(spec), hook);
    }

    boolean holdsOnOutput(TExpr e, RuntimeState state, Result r) {
        return Expressions.onOutput(e, state, r);
    }

    String valuesOnOutput(TExpr e, RuntimeState state, Result r) {
        return Expressions.valuesOnOutput(e, state, r);
    }
}
