package dev.routec.cli;

import dev.routec.cli.deploy.CompiledPolicy;
import dev.routec.cli.deploy.DeployRoots;
import dev.routec.cli.deploy.Deployer;
import dev.routec.cli.deploy.Manifest;
import dev.routec.cli.deploy.PolicyCompiler;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.pipeline.Backend;
import dev.routec.compiler.pipeline.Frontend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "deploy",
        description = {
            "Compile a policy, load it, pin its maps under /sys/fs/bpf/routec/POLICY/ and attach it at its hooks.",
            "A running version of the same policy is replaced atomically and keeps its map contents."
        })
final class DeployCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a .route file")
    Path file;

    @Option(names = "--policy", paramLabel = "N", description = "the policy, when the file holds several")
    Optional<String> policy;

    @Option(names = "--iface", paramLabel = "IF", description = "the interface of every hook (overrides `on`)")
    Optional<String> iface;

    @Option(names = "--netns", paramLabel = "NS", description = "a network namespace (`ip netns` name)")
    Optional<String> netns;

    @Option(
            names = "--reset-maps",
            description = "start maps whose layout changed from their initial contents instead of refusing")
    boolean resetMaps;

    @Option(names = "--xdp-mode", paramLabel = "M", description = "auto (default), skb or native")
    Optional<String> xdpMode;

    @Option(names = "--json", description = "one JSON document")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Frontend.Result r = Inputs.checked(file, err);
        CheckedPolicy p = PolicyChoice.policy(r, policy);
        DeployRoots roots = DeployRoots.fromEnvironment();
        Deployer.requireKernel(roots);
        List<Backend.Compiled> compiled = new ArrayList<>();
        CompiledPolicy cp = compiler(err, compiled::add).compile(r.source(), p);
        Deployer.Result res = new Deployer(roots)
                .onLoadFailure(e -> LoadFailure.report(p, compiled.get(0).ir(), e, err))
                .deploy(cp, new Deployer.Options(iface, netns, resetMaps, xdpMode));
        out.println(json ? DeployOutput.json(res) : DeployOutput.human(res, roots));
        out.flush();
        return ExitCode.OK;
    }

    /** The back end as deployment sees it; clang failures are reported as `routec compile` reports them. */
    static PolicyCompiler compiler(PrintWriter err) {
        return compiler(err, c -> {});
    }

    /** The same, handing each back-end result (with its IR) to {@code seen}. */
    static PolicyCompiler compiler(PrintWriter err, Consumer<Backend.Compiled> seen) {
        return (source, policy) -> {
            Backend.Compiled c = CompileCommand.compile(policy, err);
            seen.accept(c);
            return new CompiledPolicy(source, policy, c.object(), c.manifest(), Manifest.parse(c.manifest()));
        };
    }
}
