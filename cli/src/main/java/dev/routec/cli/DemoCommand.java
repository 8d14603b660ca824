package dev.routec.cli;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.interp.TestRunner;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * The main job of `./routec`. Until the kernel back end lands it is a tour of the bundled
 * examples on the reference interpreter: check each, run its tests, show the results.
 */
@Command(
        name = "demo",
        description =
                "A tour of the bundled examples (reference interpreter; the kernel demo comes with the back end).")
final class DemoCommand implements Callable<Integer> {
    static final List<String> EXAMPLES =
            List.of("lb", "blocklist", "tenants", "dns_mirror", "syn_guard", "vip", "dscp_marking");

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        out.println("routec demo: the bundled examples on the reference interpreter");
        out.println(
                "(the kernel part of the demo — netns topology, deploy, real traffic — arrives with the eBPF back end)");
        int passed = 0, failed = 0;
        for (String name : EXAMPLES) {
            SourceFile src = load(name + ".route");
            Frontend.Result r = Frontend.check(src);
            Inputs.print(r.diags(), err);
            out.println();
            out.println("== " + src.name() + ": " + r.policies().size() + " polic"
                    + (r.policies().size() == 1 ? "y" : "ies"));
            for (CheckedPolicy p : r.policies()) {
                for (TestRunner.TestResult t : new TestRunner(p).runAll()) {
                    out.println("  " + (t.passed() ? "ok   " : "FAIL ") + p.name() + " / " + t.name());
                    for (TestRunner.CaseResult c : t.cases()) {
                        out.println("       " + c.packet()
                                + c.result()
                                        .map(res -> "  =>  " + EvalCommand.human(res))
                                        .orElse(""));
                        c.failures().forEach(f -> out.println("       ! " + f));
                    }
                    if (t.passed()) passed++;
                    else failed++;
                }
            }
        }
        out.println();
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? ExitCode.OK : ExitCode.INPUT;
    }

    private static SourceFile load(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/dev/routec/examples/" + name)) {
            if (in == null) throw new UserError(ExitCode.INTERNAL, "example " + name + " is missing from the build");
            return new SourceFile("examples/" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
