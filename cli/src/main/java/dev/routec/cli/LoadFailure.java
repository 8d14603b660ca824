package dev.routec.cli;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.emit.HeaderEmitter;
import dev.routec.compiler.ir.IrPolicy;
import dev.routec.runtime.BpfException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reports a failed load as a diagnostic naming the policy and, where the log shows it, the rule. */
final class LoadFailure {
    private LoadFailure() {}

    private static final Pattern COND = Pattern.compile("rt_cond_(\\d+)");
    private static final Pattern CHUNK = Pattern.compile("rt_chunk_(\\d+)");

    static void report(CheckedPolicy p, IrPolicy ir, BpfException e, PrintWriter err) {
        String log = e.verifierLog() == null ? "" : e.verifierLog();
        List<String> tail = CompileCommand.tail(log.isBlank() ? String.valueOf(e.getMessage()) : log, 10);
        Diagnostics d = new Diagnostics();
        String what = e.isVerifierRejection() ? "the kernel's verifier rejected" : "the kernel refused to load";
        Optional<String> rule = rule(ir, String.join("\n", tail));
        var b = d.error(
                e.isVerifierRejection() ? Code.VERIFIER : Code.BACKEND,
                p.ast().name().span(),
                what + " policy `" + p.name() + "`"
                        + rule.map(r -> " (at rule `" + r + "`)").orElse("") + " [" + e.errnoName() + "]");
        for (String line : tail) b.help(line);
        if (e.isVerifierRejection())
            b.help("this is a bug in routec unless the policy is extreme; please report it with the policy");
        b.emit();
        Inputs.print(d, err);
    }

    /** The rule a verifier log's last lines point at, if they name a condition or a chunk. */
    static Optional<String> rule(IrPolicy ir, String text) {
        Matcher m = COND.matcher(text);
        String id = null;
        while (m.find()) id = m.group(1);
        if (id != null) return Optional.of(ir.rules().get(Integer.parseInt(id)).name());
        m = CHUNK.matcher(text);
        while (m.find()) id = m.group(1);
        if (id == null) return Optional.empty();
        int first = Integer.parseInt(id) * HeaderEmitter.CHUNK;
        int last = Math.min(first + HeaderEmitter.CHUNK, ir.defaultId()) - 1;
        return Optional.of(
                ir.rules().get(first).name() + "` .. `" + ir.rules().get(last).name());
    }
}
