package dev.routec.compiler.check;

import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Warns about rules that can never decide a packet: after an unconditional verdict, shadowed by
 * earlier verdict rules, or with a condition that is always false. Sound: a warning is given only
 * when the rule is provably unreachable (see {@link Conditions} for the reasoning); anything the
 * analysis cannot model makes it stay silent.
 */
final class Reachability {
    private final Diagnostics diags;
    private CheckedPolicy policy;

    Reachability(Diagnostics diags) {
        this.diags = diags;
    }

    private record Decisive(CheckedPolicy.Rule rule, List<Conditions.Term> terms) {}

    void analyse(CheckedPolicy p) {
        this.policy = p;
        List<Decisive> earlier = new ArrayList<>();
        CheckedPolicy.Rule unconditional = null;
        for (CheckedPolicy.Rule r : p.rules()) {
            if (unconditional != null) {
                diags.warning(Code.UNREACHABLE_RULE, nameSpan(r), "rule `" + r.name() + "` is never reached")
                        .label(
                                nameSpan(unconditional),
                                "rule `" + unconditional.name() + "` decides every packet before it")
                        .help("remove it, or give `" + unconditional.name() + "` a condition")
                        .emit();
                continue;
            }
            Optional<List<Conditions.Term>> dnf =
                    r.when().isPresent() ? Conditions.dnf(r.when().get()) : Optional.of(List.of(Conditions.Term.TRUE));
            if (dnf.isPresent()) shadowCheck(r, dnf.get(), earlier);
            boolean decides = !r.actions().isEmpty()
                    && r.actions().get(r.actions().size() - 1).isVerdict();
            if (decides && r.when().isEmpty()) unconditional = r;
            if (decides && dnf.isPresent()) earlier.add(new Decisive(r, dnf.get()));
            if (!decides && r.actions().stream().anyMatch(TAction::rewrites)) earlier.clear();
        }
    }

    private void shadowCheck(CheckedPolicy.Rule r, List<Conditions.Term> terms, List<Decisive> earlier) {
        if (terms.isEmpty()) {
            diags.warning(
                            Code.SHADOWED_RULE,
                            nameSpan(r),
                            "rule `" + r.name() + "` can never match: its condition is always false")
                    .help("check the condition; no packet satisfies it")
                    .emit();
            return;
        }
        if (earlier.isEmpty()) return;
        Set<CheckedPolicy.Rule> by = new LinkedHashSet<>();
        for (Conditions.Term t : terms) {
            Optional<CheckedPolicy.Rule> cover = earlier.stream()
                    .filter(d -> d.terms().stream().anyMatch(e -> t.implies(e)))
                    .map(Decisive::rule)
                    .findFirst();
            if (cover.isEmpty()) return;
            by.add(cover.get());
        }
        var b = diags.warning(
                Code.SHADOWED_RULE,
                nameSpan(r),
                "rule `" + r.name() + "` is shadowed by earlier rules and can never match");
        for (CheckedPolicy.Rule s : by)
            b.label(nameSpan(s), "every packet it matches is decided by rule `" + s.name() + "`");
        b.help("remove it, or move it before "
                        + (by.size() == 1 ? "`" + by.iterator().next().name() + "`" : "those rules"))
                .emit();
    }

    /** Carets go under the rule's name. */
    private dev.routec.compiler.source.Span nameSpan(CheckedPolicy.Rule r) {
        return policy.ast().rules().get(r.id()).name().span();
    }
}
