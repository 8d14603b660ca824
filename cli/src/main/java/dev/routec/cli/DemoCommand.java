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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code routec demo}: the real thing. Builds a throw-away client / router / two-backend network of
 * namespaces, compiles and deploys {@code examples/vip.route} on the router's client-side interface
 * (dnat to a pool at tc ingress, replies translated back at tc egress), sends real HTTP requests to
 * the VIP, shows the counters, removes a backend with {@code routec map} and shows that new
 * connections move, then tears everything down (also on Ctrl-C). {@code --interpreter} is the tour of
 * the bundled examples on the reference interpreter, which needs no privileges.
 */
@Command(
        name = "demo",
        description = {
            "Build a throw-away network of namespaces, deploy examples/vip.route, send real traffic, show counters,",
            "tear down (needs root). --interpreter: a tour of the examples on the reference interpreter instead."
        })
final class DemoCommand implements Callable<Integer> {
    static final List<String> EXAMPLES =
            List.of("lb", "blocklist", "tenants", "dns_mirror", "syn_guard", "vip", "dscp_marking");

    @Option(names = "--interpreter", description = "run every example's tests on the reference interpreter instead")
    boolean interpreter;

    @Option(names = "--requests", paramLabel = "N", description = "HTTP requests per round (default 8)")
    int requests = 8;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (interpreter) return tour(out, err);
        if (requests < 1 || requests > 1000) throw new UserError(ExitCode.USAGE, "--requests must be in 1..1000");
        return new KernelDemo(out, err, requests).run(load("vip.route"));
    }

    /** The tour of the bundled examples on the reference interpreter. */
    private static int tour(PrintWriter out, PrintWriter err) throws IOException {
        out.println("routec demo --interpreter: the bundled examples on the reference interpreter");
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

    static SourceFile load(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/dev/routec/examples/" + name)) {
            if (in == null) throw new UserError(ExitCode.INTERNAL, "example " + name + " is missing from the build");
            return new SourceFile("examples/" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
