package dev.routec.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.cli.UserError;
import dev.routec.cli.deploy.CompiledPolicy;
import dev.routec.cli.deploy.DeployRoots;
import dev.routec.cli.deploy.Deployer;
import dev.routec.cli.deploy.Manifest;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.pipeline.Backend;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import dev.routec.runtime.BpfMap;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compiled policy deployed on a veth between two namespaces, with real packets (ping): per-rule
 * counters and log events, a set changed through the CLI and through the generated Java bindings,
 * a redeploy that keeps the set, a redeploy whose load fails and changes nothing, and an undeploy
 * that leaves nothing pinned or attached.
 */
@RequiresKernel
@Timeout(240)
class DeployNetnsTest {
    static final String V1 = """
            policy guard {
              attach tc ingress on "g0"
              set blocked : ipv4 = {192.0.2.99}
              rule drop_blocked when src in blocked do log "blocked", drop
              rule icmp_seen    when icmp           do continue
              default pass
            }
            """;

    /** Version 2: one more rule in front; `blocked` is unchanged. */
    static final String V2 =
            V1.replace("  rule drop_blocked", "  rule no_telnet when tcp and dport == 23 do drop\n  rule drop_blocked");

    @TempDir
    Path tmp;

    DeployRoot root;
    String a;
    String b;

    @BeforeEach
    void network() {
        root = new DeployRoot(tmp);
        a = DeployRoot.uniqueName();
        b = DeployRoot.uniqueName();
        DeployRoot.check("ip", "netns", "add", a);
        DeployRoot.check("ip", "netns", "add", b);
        DeployRoot.check("ip", "-n", a, "link", "add", "g0", "type", "veth", "peer", "name", "g1", "netns", b);
        DeployRoot.check("ip", "-n", a, "addr", "add", "192.0.2.1/24", "dev", "g0");
        DeployRoot.check("ip", "-n", b, "addr", "add", "192.0.2.7/24", "dev", "g1");
        DeployRoot.check("ip", "-n", b, "addr", "add", "192.0.2.99/24", "dev", "g1");
        DeployRoot.check("ip", "-n", a, "link", "set", "g0", "up");
        DeployRoot.check("ip", "-n", b, "link", "set", "g1", "up");
    }

    @AfterEach
    void cleanUp() {
        try {
            root.close();
        } finally {
            DeployRoot.sh("ip", "netns", "delete", a);
            DeployRoot.sh("ip", "netns", "delete", b);
        }
    }

    boolean ping(String from) {
        return DeployRoot.sh("ip", "netns", "exec", b, "ping", "-c1", "-W1", "-I", from, "192.0.2.1")
                .ok();
    }

    Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    int progId() {
        String s = DeployRoot.cli("status", "guard", "--json").ok().out();
        assertTrue(s.contains("\"attached\":true"), s);
        return Integer.parseInt(s.replaceAll("(?s).*\"prog_id\":(\\d+).*", "$1"));
    }

    String blocked() {
        String j =
                DeployRoot.cli("map", "guard", "blocked", "list", "--json").ok().out();
        return j.replaceAll("(?s).*\"entries\":(\\[[^]]*\\]).*", "$1");
    }

    @Test
    void countersSetUpdatesRedeploysAndUndeploy() throws Exception {
        Path v1 = write("guard.route", V1);
        DeployRoot.cli("deploy", v1.toString(), "--netns", a).ok();
        assertTrue(ping("192.0.2.7"), "an allowed source is answered");
        assertFalse(ping("192.0.2.99"), "a blocked source is dropped");

        String stats = DeployRoot.cli("stats", "guard", "--json").ok().out();
        assertTrue(stats.matches("(?s).*\"rule\":\"drop_blocked\",\"packets\":[1-9].*"), stats);
        assertTrue(stats.matches("(?s).*\"rule\":\"icmp_seen\",\"packets\":[1-9].*"), stats);
        String trace = DeployRoot.cli("trace", "guard", "--count", "1", "--timeout", "5")
                .ok()
                .out();
        assertTrue(
                trace.contains(
                        "\"rule\":\"drop_blocked\",\"tag\":\"blocked\",\"hook\":\"tc-ingress\",\"iface\":\"g0\""),
                trace);
        assertTrue(trace.contains("icmp 192.0.2.99 -> 192.0.2.1"), trace);

        // through the CLI
        DeployRoot.cli("map", "guard", "blocked", "add", "192.0.2.7").ok();
        assertFalse(ping("192.0.2.7"));
        // through the generated bindings, on the pinned maps
        try (Bindings bindings = bindings(v1)) {
            Object set = bindings.policy().getClass().getMethod("blocked").invoke(bindings.policy());
            assertEquals(true, set.getClass().getMethod("remove", String.class).invoke(set, "192.0.2.99"));
        }
        assertTrue(ping("192.0.2.99"), "removed through the bindings");
        assertEquals("[\"192.0.2.7\"]", blocked());

        // redeploy of a new version: atomic replace, the set keeps its contents
        int before = progId();
        String redeploy = DeployRoot.cli("deploy", write("guard.route", V2).toString(), "--netns", a)
                .ok()
                .out();
        assertTrue(redeploy.contains("set `blocked`: kept (1 entry)"), redeploy);
        assertTrue(redeploy.contains("replaced program id " + before), redeploy);
        assertNotEquals(before, progId());
        assertEquals("[\"192.0.2.7\"]", blocked());
        assertFalse(ping("192.0.2.7"));
        assertTrue(ping("192.0.2.99"));

        // a redeploy whose load fails (the verifier rejects it: its counters map is swapped for one with
        // 1-byte values) leaves the running program attached and the maps as they were
        int running = progId();
        DeployRoots roots = DeployRoots.fromEnvironment();
        try (BpfMap wrong = BpfMap.fromPin(roots.pinDir("guard").resolve("rt_set_0"))) {
            UserError e = assertThrows(UserError.class, () -> new Deployer(roots)
                    .beforeLoad(o -> o.reuseMap("rt_counters", wrong))
                    .deploy(
                            compiled(V1),
                            new Deployer.Options(Optional.empty(), Optional.of(a), false, Optional.empty())));
            assertEquals(1, e.exitCode());
            assertTrue(e.getMessage().contains("the running version and its maps are unchanged"), e.getMessage());
        }
        assertEquals(running, progId());
        assertEquals("[\"192.0.2.7\"]", blocked());
        assertFalse(ping("192.0.2.7"));
        String after = DeployRoot.cli("stats", "guard", "--json").ok().out();
        assertTrue(after.contains("\"rule\":\"no_telnet\""), "still version 2: " + after);

        // undeploy: nothing pinned, nothing attached, the clsact routec created is gone
        DeployRoot.cli("undeploy", "guard").ok();
        assertFalse(Files.exists(root.pins), "the pin root is removed once empty");
        assertFalse(
                DeployRoot.check("tc", "-n", a, "qdisc", "show", "dev", "g0").contains("clsact"));
        assertTrue(ping("192.0.2.7"));
        assertEquals(1, DeployRoot.cli("status", "guard").code());
    }

    @Test
    void xdpRedeploysAtomicallyAndHooksMoveBetweenTcAndXdp() throws Exception {
        String xdp = V1.replace("attach tc ingress on \"g0\"", "attach xdp on \"g0\"");
        Path f = write("guard.route", xdp);
        String first = DeployRoot.cli("deploy", f.toString(), "--netns", a, "--xdp-mode", "skb")
                .ok()
                .out();
        assertTrue(first.contains("xdp on g0: attached program id"), first);
        assertTrue(DeployRoot.check("ip", "-n", a, "link", "show", "g0").contains("xdpgeneric"));
        assertTrue(ping("192.0.2.7"));
        assertFalse(ping("192.0.2.99"));

        // XDP compare-and-swap replace; the mode is remembered
        int before = progId();
        String again = DeployRoot.cli(
                        "deploy",
                        write(
                                        "guard.route",
                                        xdp.replace(
                                                "  default pass", "  rule other when udp do continue\n  default pass"))
                                .toString(),
                        "--netns",
                        a)
                .ok()
                .out();
        assertTrue(again.contains("xdp on g0: replaced program id " + before), again);
        assertNotEquals(before, progId());
        assertFalse(ping("192.0.2.99"));
        assertEquals(
                1,
                DeployRoot.cli("deploy", f.toString(), "--netns", a, "--xdp-mode", "native")
                        .code(),
                "mode change refused");

        // the policy moves to tc ingress: the new hook is attached, then the XDP program detached
        String moved = DeployRoot.cli("deploy", write("guard.route", V1).toString(), "--netns", a)
                .ok()
                .out();
        assertTrue(moved.contains("tc-ingress on g0: attached program id"), moved);
        assertTrue(moved.contains("xdp on g0: detached"), moved);
        assertFalse(DeployRoot.check("ip", "-n", a, "link", "show", "g0").contains("xdp"));
        assertFalse(ping("192.0.2.99"));
        assertEquals("[\"192.0.2.99\"]", blocked());

        // and back to XDP: the clsact qdisc routec created goes with the last TC hook
        String back = DeployRoot.cli("deploy", write("guard.route", xdp).toString(), "--netns", a, "--xdp-mode", "skb")
                .ok()
                .out();
        assertTrue(back.contains("removed the clsact qdisc routec created on g0"), back);
        assertFalse(
                DeployRoot.check("tc", "-n", a, "qdisc", "show", "dev", "g0").contains("clsact"));
        assertFalse(ping("192.0.2.99"));

        DeployRoot.cli("undeploy", "guard").ok();
        assertFalse(DeployRoot.check("ip", "-n", a, "link", "show", "g0").contains("xdp"));
        assertTrue(ping("192.0.2.99"));
    }

    @Test
    void aClsactAndFiltersRoutecDidNotCreateAreLeftAlone() throws Exception {
        // another tool's qdisc and filter on the interface (it lets packets go on to the next filter)
        Path c = write("other.bpf.c", """
                #include <linux/bpf.h>
                #include <linux/pkt_cls.h>
                __attribute__((section("tc"), used)) int other(struct __sk_buff *skb) { return TC_ACT_UNSPEC; }
                char LICENSE[] __attribute__((section("license"), used)) = "GPL";
                """);
        Path o = tmp.resolve("other.bpf.o");
        DeployRoot.check(
                "clang",
                "-O2",
                "-g",
                "-target",
                "bpf",
                "-I/usr/include/x86_64-linux-gnu",
                "-c",
                c.toString(),
                "-o",
                o.toString());
        DeployRoot.check("tc", "-n", a, "qdisc", "add", "dev", "g0", "clsact");
        DeployRoot.check(
                "tc",
                "-n",
                a,
                "filter",
                "add",
                "dev",
                "g0",
                "ingress",
                "prio",
                "7",
                "handle",
                "7",
                "bpf",
                "da",
                "obj",
                o.toString(),
                "sec",
                "tc");

        String out = DeployRoot.cli("deploy", write("guard.route", V1).toString(), "--netns", a)
                .ok()
                .out();
        assertFalse(out.contains("created the clsact qdisc"), out);
        assertFalse(ping("192.0.2.99"), "routec's filter runs next to the other one");
        String undeploy = DeployRoot.cli("undeploy", "guard").ok().out();
        assertFalse(undeploy.contains("removed the clsact"), undeploy);
        assertTrue(DeployRoot.check("tc", "-n", a, "qdisc", "show", "dev", "g0").contains("clsact"));
        String filters = DeployRoot.check("tc", "-n", a, "filter", "show", "dev", "g0", "ingress");
        assertTrue(filters.contains("other.bpf.o") || filters.contains("other"), filters);
        assertFalse(filters.contains("rt_tc_ingress"), filters);
        assertTrue(ping("192.0.2.99"));
    }

    @Test
    void aFailedAttachRollsBackAndAVanishedNamespaceCanStillBeUndeployed() throws Exception {
        // another tool's XDP program on the interface: the policy's XDP hook cannot attach
        Path c = write("other.bpf.c", """
                #include <linux/bpf.h>
                __attribute__((section("xdp"), used)) int other(struct xdp_md *ctx) { return XDP_PASS; }
                char LICENSE[] __attribute__((section("license"), used)) = "GPL";
                """);
        Path o = tmp.resolve("other.bpf.o");
        DeployRoot.check(
                "clang",
                "-O2",
                "-g",
                "-target",
                "bpf",
                "-I/usr/include/x86_64-linux-gnu",
                "-c",
                c.toString(),
                "-o",
                o.toString());
        DeployRoot.check("ip", "-n", a, "link", "set", "dev", "g0", "xdpgeneric", "obj", o.toString(), "sec", "xdp");
        String both = V1.replace("attach tc ingress on \"g0\"", "attach tc ingress on \"g0\"\n  attach xdp on \"g0\"");
        DeployRoot.Run r =
                DeployRoot.cli("deploy", write("guard.route", both).toString(), "--netns", a, "--xdp-mode", "skb");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("g0 already runs XDP program id"), r.err());
        assertFalse(
                DeployRoot.check("tc", "-n", a, "qdisc", "show", "dev", "g0").contains("clsact"),
                "tc ingress rolled back");
        assertTrue(
                DeployRoot.check("ip", "-n", a, "link", "show", "g0").contains("xdpgeneric"),
                "the other program stays");
        assertTrue(root.deployed().isEmpty());
        assertFalse(Files.exists(root.pins.resolve("guard")));

        // deployed, then the namespace disappears under it
        DeployRoot.cli("deploy", write("guard.route", V1).toString(), "--netns", a)
                .ok();
        DeployRoot.check("ip", "netns", "delete", a);
        String status = DeployRoot.cli("status", "guard").ok().out();
        assertTrue(status.contains("NOT ATTACHED: network namespace gone"), status);
        String undeploy = DeployRoot.cli("undeploy", "guard").ok().out();
        assertTrue(undeploy.contains("the network namespace is gone"), undeploy);
        assertFalse(Files.exists(root.pins));
    }

    @Test
    void twoPoliciesShareAnInterfaceAndTheClsactGoesWithTheLast() throws Exception {
        String first = DeployRoot.cli("deploy", write("guard.route", V1).toString(), "--netns", a)
                .ok()
                .out();
        assertTrue(first.contains("created the clsact qdisc"), first);
        String other = V1.replace("policy guard", "policy guard2").replace("192.0.2.99", "192.0.2.98");
        String second = DeployRoot.cli("deploy", write("guard2.route", other).toString(), "--netns", a)
                .ok()
                .out();
        assertFalse(second.contains("created the clsact qdisc"), second);

        String gone = DeployRoot.cli("undeploy", "guard").ok().out();
        assertTrue(gone.contains("the clsact qdisc on g0 stays for policy `guard2`, which now owns it"), gone);
        assertTrue(DeployRoot.check("tc", "-n", a, "qdisc", "show", "dev", "g0").contains("clsact"));
        assertTrue(ping("192.0.2.99"));
        assertFalse(ping("192.0.2.98"), "guard2 still runs");
        String last = DeployRoot.cli("undeploy", "guard2").ok().out();
        assertTrue(last.contains("removed the clsact qdisc routec created on g0"), last);
        assertFalse(
                DeployRoot.check("tc", "-n", a, "qdisc", "show", "dev", "g0").contains("clsact"));
    }

    static CompiledPolicy compiled(String text) {
        SourceFile src = new SourceFile("guard.route", text);
        Frontend.Result r = Frontend.check(src);
        assertTrue(r.ok(), r.diags().sorted().toString());
        CheckedPolicy p = r.policies().get(0);
        Backend.Compiled c = Backend.compile(p);
        return new CompiledPolicy(src, p, c.object(), c.manifest(), Manifest.parse(c.manifest()));
    }

    /** An instance of the generated policy class and its class loader. */
    record Bindings(AutoCloseable policy, URLClassLoader loader) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                policy.close();
            } finally {
                loader.close();
            }
        }
    }

    /** `routec compile --java-out`, the generated class compiled and opened on the deployed pins. */
    Bindings bindings(Path policy) throws Exception {
        Path gen = tmp.resolve("gen"), classes = tmp.resolve("classes");
        DeployRoot.cli(
                        "compile",
                        policy.toString(),
                        "-o",
                        tmp.resolve("out").toString(),
                        "--java-out",
                        gen.toString(),
                        "--package",
                        "test.gen")
                .ok();
        List<String> files;
        try (Stream<Path> s = Files.walk(gen)) {
            files = s.filter(p -> p.toString().endsWith(".java"))
                    .map(Path::toString)
                    .toList();
        }
        assertFalse(files.isEmpty(), "bindings were generated");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of(
                "--release",
                "21",
                "-proc:none",
                "-d",
                classes.toString(),
                "-classpath",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        args.addAll(files);
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "the generated bindings compile");
        URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        Class<?> c = loader.loadClass("test.gen.GuardPolicy");
        Method open = c.getMethod("openPinned", Path.class);
        return new Bindings(
                (AutoCloseable) open.invoke(null, DeployRoots.fromEnvironment().pinDir("guard")), loader);
    }
}
