package dev.routec.cli;

import dev.routec.cli.demo.Topology;
import dev.routec.cli.deploy.CompiledPolicy;
import dev.routec.cli.deploy.Counters;
import dev.routec.cli.deploy.DeployRoots;
import dev.routec.cli.deploy.Deployer;
import dev.routec.cli.deploy.Deployment;
import dev.routec.cli.deploy.MapEditor;
import dev.routec.cli.deploy.Undeployer;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import dev.routec.runtime.Bpf;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The kernel part of {@code routec demo}. Everything it creates is private to this run: namespaces
 * {@code routec-demo-<pid>-*}, pins under {@code /sys/fs/bpf/routec-demo-<pid>}, state under
 * {@code /run/routec-demo-<pid>}; a running deployment of the same policy name is never touched.
 * Teardown runs in {@code finally} and, on Ctrl-C, from a shutdown hook.
 */
final class KernelDemo {
    private static final List<String> TOOLS = List.of("ip", "tc", "curl", "python3");

    private final PrintWriter out;
    private final PrintWriter err;
    private final int requests;
    private final String prefix = "routec-demo-" + ProcessHandle.current().pid();
    private final DeployRoots roots =
            new DeployRoots(Bpf.BPFFS.resolve(prefix), Path.of("/run").resolve(prefix));
    private final AtomicBoolean tornDown = new AtomicBoolean();
    private volatile Topology topo;

    KernelDemo(PrintWriter out, PrintWriter err, int requests) {
        this.out = out;
        this.err = err;
        this.requests = requests;
    }

    int run(SourceFile vip) {
        Optional<String> why = Bpf.kernelAvailable();
        if (why.isPresent())
            throw new UserError(
                    ExitCode.ENVIRONMENT,
                    "the demo needs root and BPF (" + why.get() + "); `routec demo --interpreter` runs without them");
        TOOLS.stream().filter(t -> !onPath(t)).findFirst().ifPresent(t -> {
            throw new UserError(
                    ExitCode.ENVIRONMENT, "the demo needs `" + t + "` (apt-get install -y iproute2 curl python3)");
        });
        Thread hook = new Thread(this::forcedTeardown, "routec-demo-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return demo(vip);
        } finally {
            teardown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs (and finds everything gone)
            }
        }
    }

    private int demo(SourceFile vip) {
        step("building the network (namespaces " + prefix + "-{c,r,b1,b2})");
        topo = Topology.create(prefix);
        out.println("  client " + Topology.CLIENT_ADDR + " -- router [" + Topology.ROUTER_IFACE
                + " 192.0.2.1 | br0 10.10.0.1] -- backends " + String.join(", ", Topology.BACKENDS) + " (HTTP :"
                + Topology.BACKEND_PORT + ")");
        topo.startServers();

        Frontend.Result r = Frontend.check(vip);
        Inputs.print(r.diags(), err);
        CheckedPolicy p = r.policies().get(0);
        step("compiling " + vip.name() + " and deploying policy `" + p.name() + "` on the router's "
                + Topology.ROUTER_IFACE + " (tc ingress: dnat to pool `backends`; tc egress: replies translated back)");
        CompiledPolicy cp = DeployCommand.compiler(err).compile(vip, p);
        Deployer.Result res = new Deployer(roots)
                .deploy(cp, new Deployer.Options(Optional.empty(), Optional.of(topo.router), false, Optional.empty()));
        res.notes().forEach(n -> out.println("  " + n));

        step(requests + " HTTP requests from the client to http://" + Topology.VIP + "/ (new connection each)");
        Map<String, Integer> first = traffic(true);
        stats(p.name());

        String gone = Topology.BACKENDS.get(0) + ":" + Topology.BACKEND_PORT;
        step("removing backend " + gone + ": routec map " + p.name() + " backends del " + gone);
        try (Deployment d = Deployment.open(roots, p.name());
                MapEditor ed = new MapEditor(d)) {
            ed.del("backends", List.of(gone)).forEach(n -> out.println("  " + n));
        }
        step(requests + " more requests: new connections go to the remaining backend");
        Map<String, Integer> second = traffic(false);
        stats(p.name());

        step("undeploying and tearing the network down");
        new Undeployer(roots).undeploy(p.name()).notes().forEach(n -> out.println("  " + n));
        boolean ok = first.keySet().containsAll(List.of("backend-1", "backend-2"))
                && second.keySet().equals(java.util.Set.of("backend-2"));
        out.println();
        out.println(
                ok
                        ? "demo ok: both backends served the VIP, and after the removal only backend-2 did"
                        : "demo FAILED: expected both backends first and only backend-2 after the removal; got " + first
                                + " then " + second);
        out.flush();
        return ok ? ExitCode.OK : ExitCode.INTERNAL;
    }

    /** Sends the requests; with {@code untilBoth}, goes on (up to 4x) until both backends answered. */
    private Map<String, Integer> traffic(boolean untilBoth) {
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < requests || untilBoth && seen.size() < 2 && i < 4 * requests; i++) {
            String body = topo.fetchVip(Duration.ofSeconds(3)).orElse("(no answer)");
            seen.merge(body, 1, Integer::sum);
            out.println("  GET http://" + Topology.VIP + "/ -> " + body);
            out.flush();
        }
        out.println("  answered by: " + seen);
        return seen;
    }

    private void stats(String policy) {
        try (Deployment d = Deployment.open(roots, policy)) {
            out.println(StatsCommand.human(policy, Counters.read(d)).indent(2).stripTrailing());
        }
    }

    private void step(String what) {
        out.println();
        out.println("== " + what);
        out.flush();
    }

    /** Normal teardown: undeploy (if still deployed), then the network and the private roots. */
    private void teardown() {
        if (!tornDown.compareAndSet(false, true)) return;
        try {
            for (String policy : dev.routec.cli.deploy.DeployState.deployed(roots))
                new Undeployer(roots).undeploy(policy);
        } catch (RuntimeException e) {
            err.println("routec demo: undeploy during teardown failed (" + e.getMessage() + "); removing everything");
        } finally {
            removeEverything();
        }
    }

    /** Ctrl-C: no lock, no undeploy; deleting the namespaces removes every attachment in them. */
    private void forcedTeardown() {
        if (!tornDown.compareAndSet(false, true)) return;
        removeEverything();
        err.println("routec demo: interrupted; the network and pins are removed");
        err.flush();
    }

    private void removeEverything() {
        Topology t = topo;
        if (t != null) t.close();
        deleteTree(roots.bpffs());
        deleteTree(roots.state());
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
