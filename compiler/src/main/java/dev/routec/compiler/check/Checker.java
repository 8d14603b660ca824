package dev.routec.compiler.check;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.ast.PolicyFile;
import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Name resolution, type checking and static analysis of every policy of a file. */
public final class Checker {
    private Checker() {}

    /** Checks every policy; the result holds the policies that checked without errors. */
    public static List<CheckedPolicy> check(PolicyFile file, Diagnostics diags) {
        List<CheckedPolicy> out = new ArrayList<>();
        Map<String, Policy> seen = new HashMap<>();
        for (Policy p : file.policies()) {
            Policy prev = seen.putIfAbsent(p.name().text(), p);
            if (prev != null) {
                diags.error(Code.DUPLICATE_POLICY, p.name().span(), "policy `" + p.name() + "` is defined twice")
                        .label(prev.name().span(), "first defined here")
                        .emit();
                continue;
            }
            long before = diags.errorCount();
            CheckedPolicy cp = new PolicyChecker(diags, p).check();
            if (diags.errorCount() == before) {
                new Reachability(diags).analyse(cp);
                out.add(cp);
            }
        }
        return out;
    }
}
