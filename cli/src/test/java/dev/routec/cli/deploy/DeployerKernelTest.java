package dev.routec.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.cli.Main;
import dev.routec.cli.RequiresKernel;
import dev.routec.cli.UserError;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.datapath.Maglev;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.runtime.Bpf;
import dev.routec.runtime.BpfException;
import dev.routec.runtime.BpfMap;
import dev.routec.runtime.NetNs;
import dev.routec.runtime.Netlink;
import dev.routec.runtime.Tc;
import dev.routec.runtime.TcDirection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployment against the kernel with the hand-written fixture object (no back end needed): deploy,
 * real traffic, counters, events, map edits, atomic redeploys that keep contents, refused and failed
 * redeploys that change nothing, undeploy that leaves nothing behind.
 */
@RequiresKernel(netns = true)
@Timeout(120)
class DeployerKernelTest {
    @TempDir
    Path tmp;

    DeployRoots roots;
    TestNet net;

    @BeforeEach
    void setUp() throws Exception {
        roots = new DeployRoots(
                Bpf.BPFFS.resolve("routec-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime()),
                tmp.resolve("state"));
        net = new TestNet();
        System.setProperty("routec.bpffs", roots.bpffs().toString());
        System.setProperty("routec.state", roots.state().toString());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("routec.bpffs");
        System.clearProperty("routec.state");
        try {
            for (String p : DeployState.deployed(roots)) new Undeployer(roots).undeploy(p);
        } finally {
            net.close();
            Deployer.removeTree(roots.bpffs());
        }
    }

    Deployer.Result deploy(Fixture.Variant v, boolean reset) {
        return new Deployer(roots)
                .deploy(
                        Fixture.compile(v, tmp),
                        new Deployer.Options(Optional.empty(), Optional.of(net.a), reset, Optional.empty()));
    }

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    int attachedProgram() {
        NetNs ns = NetNs.named(net.a);
        DeployState s = DeployState.read(roots, "fx").orElseThrow();
        DeployState.HookState h = s.hooks().get(0);
        return Tc.query(ns, Netlink.ifindex(ns, "fx0"), TcDirection.INGRESS, h.handle(), h.priority());
    }

    List<String> blocked() {
        Run r = cli("map", "fx", "blocked", "list", "--json");
        assertEquals(0, r.code(), r.err());
        return List.of(r.out()
                .replaceAll(".*\"entries\":\\[(.*)\\]}\\s*", "$1")
                .replace("\"", "")
                .split(","));
    }

    @Test
    void deployTrafficCountersEventsMapEditsRedeploysAndUndeploy() {
        Deployer.Result first = deploy(Fixture.Variant.V1, false);
        assertTrue(first.first());
        assertTrue(net.ping("192.0.2.7"), "allowed source is answered");
        assertFalse(net.ping("192.0.2.99"), "blocked source is dropped");
        int prog1 = attachedProgram();
        assertEquals(first.state().hooks().get(0).progId(), prog1);
        assertTrue(net.tc(net.a, "qdisc", "show", "dev", "fx0").contains("clsact"));

        // counters by rule name, and the log event of the drop
        Run stats = cli("stats", "fx", "--json");
        assertEquals(0, stats.code(), stats.err());
        assertTrue(stats.out().matches("(?s).*\"rule\":\"drop_blocked\",\"packets\":[1-9].*"), stats.out());
        assertTrue(stats.out().matches("(?s).*\"rule\":\"icmp_seen\",\"packets\":[1-9].*"), stats.out());
        Run watch = cli("stats", "fx", "--watch", "--count", "2");
        assertEquals(0, watch.code(), watch.err());
        assertEquals(2, watch.out().lines().count(), watch.out());
        assertTrue(
                watch.out().lines().allMatch(l -> l.startsWith("{\"time\":") && l.contains("\"rule\":\"default\"")),
                watch.out());
        Run trace = cli("trace", "fx", "--count", "1", "--timeout", "5");
        assertEquals(0, trace.code(), trace.err());
        assertTrue(
                trace.out()
                        .contains(
                                "\"rule\":\"drop_blocked\",\"tag\":\"blocked\",\"hook\":\"tc-ingress\",\"iface\":\"fx0\""),
                trace.out());
        assertTrue(trace.out().contains("icmp 192.0.2.99 -> 192.0.2.1"), trace.out());

        // a set change through the CLI changes behaviour; a prefix with host bits is refused with the fix
        assertEquals(0, cli("map", "fx", "blocked", "add", "192.0.2.7").code());
        assertFalse(net.ping("192.0.2.7"));
        assertEquals(List.of("192.0.2.7", "192.0.2.99"), blocked());
        Run bad = cli("map", "fx", "blocked", "add", "192.0.2.300");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("invalid IPv4 address"), bad.err());

        // the same version again: atomic replace, contents kept
        Deployer.Result again = deploy(Fixture.Variant.V1, false);
        assertFalse(again.first());
        int prog2 = attachedProgram();
        assertNotEquals(prog1, prog2);
        assertEquals(
                first.state().hooks().get(0).priority(),
                again.state().hooks().get(0).priority());
        assertEquals(List.of("192.0.2.7", "192.0.2.99"), blocked());
        assertFalse(net.ping("192.0.2.7"));

        // a version with a new set before `blocked` (its map is now rt_set_1): contents follow the declaration
        Deployer.Result v2 = deploy(Fixture.Variant.V2, false);
        assertEquals(List.of("192.0.2.7", "192.0.2.99"), blocked());
        assertTrue(
                v2.notes().stream().anyMatch(n -> n.startsWith("counters: carried over by rule name for 4 of 5")),
                v2.notes().toString());
        Run stats2 = cli("stats", "fx", "--json");
        assertTrue(stats2.out().matches("(?s).*\"rule\":\"drop_blocked\",\"packets\":[1-9].*"), stats2.out());
        assertTrue(stats2.out().contains("\"rule\":\"odd_port\",\"packets\":0"), stats2.out());
        assertEquals(0, cli("map", "fx", "blocked", "del", "192.0.2.7").code());
        assertTrue(net.ping("192.0.2.7"));

        // a load that fails (here: the verifier rejects the program, whose counters map is swapped for a
        // map with 1-byte values) leaves the running program attached and the maps as they were
        int running = attachedProgram();
        BpfMap wrong = BpfMap.fromPin(roots.pinDir("fx").resolve("rt_set_1"));
        List<BpfException> reported = new ArrayList<>();
        UserError failed = assertThrows(UserError.class, () -> new Deployer(roots)
                .beforeLoad(o -> o.reuseMap("rt_counters", wrong))
                .onLoadFailure(reported::add)
                .deploy(
                        Fixture.compile(Fixture.Variant.V1, tmp),
                        new Deployer.Options(Optional.empty(), Optional.of(net.a), false, Optional.empty())));
        wrong.close();
        assertEquals(1, failed.exitCode());
        assertTrue(failed.getMessage().contains("the verifier rejected policy `fx`"), failed.getMessage());
        assertTrue(failed.getMessage().contains("the running version and its maps are unchanged"), failed.getMessage());
        assertEquals(1, reported.size());
        assertTrue(reported.get(0).isVerifierRejection());
        assertEquals(running, attachedProgram());
        assertEquals(List.of("192.0.2.99"), blocked());
        assertFalse(net.ping("192.0.2.99"));

        // capacity change: migrated
        Deployer.Result v3 = deploy(Fixture.Variant.V3, false);
        assertTrue(
                v3.notes().contains("set `blocked`: capacity 1024 -> 2048, 1 entry copied"),
                v3.notes().toString());
        assertEquals(List.of("192.0.2.99"), blocked());

        // incompatible layout: refused without --reset-maps, nothing changes
        assertEquals(0, cli("map", "fx", "blocked", "add", "192.0.2.50").code());
        int beforeRefusal = attachedProgram();
        UserError refused = assertThrows(UserError.class, () -> deploy(Fixture.Variant.V4, false));
        assertTrue(
                refused.getMessage().contains("set `blocked`: its element type (ipv4 -> prefix4) changed"),
                refused.getMessage());
        assertEquals(beforeRefusal, attachedProgram());
        assertEquals(List.of("192.0.2.50", "192.0.2.99"), blocked());
        Deployer.Result v4 = deploy(Fixture.Variant.V4, true);
        assertTrue(
                v4.notes().stream().anyMatch(n -> n.contains("reset to its initial contents")),
                v4.notes().toString());
        assertEquals(List.of("192.0.2.99/32"), blocked());

        // status agrees with the kernel; undeploy leaves nothing behind
        Run status = cli("status", "--json");
        assertTrue(
                status.out().contains("\"policy\":\"fx\"") && status.out().contains("\"attached\":true"), status.out());
        Run undeploy = cli("undeploy", "fx");
        assertEquals(0, undeploy.code(), undeploy.err());
        assertFalse(Files.exists(roots.pinDir("fx")));
        assertFalse(Files.exists(roots.stateDir("fx")));
        assertFalse(
                net.tc(net.a, "qdisc", "show", "dev", "fx0").contains("clsact"), "the clsact routec created is gone");
        assertTrue(net.ping("192.0.2.99"));
        assertEquals(1, cli("undeploy", "fx").code());
    }

    @Test
    void aRecordLeftStaleByAnInterruptedDeployIsRecognised() throws Exception {
        deploy(Fixture.Variant.V1, false);
        Path record = roots.stateDir("fx").resolve(DeployState.STATE);
        String stale = Files.readString(record);
        deploy(Fixture.Variant.V1, false);
        Files.writeString(record, stale); // as if that deploy died after swapping, before its record
        Deployer.Result r = deploy(Fixture.Variant.V1, false);
        assertTrue(
                r.notes().stream().anyMatch(n -> n.startsWith("tc-ingress on fx0: replaced program id")),
                r.notes().toString());
        String filters = net.tc(net.a, "filter", "show", "dev", "fx0", "ingress");
        assertEquals(1, filters.lines().filter(l -> l.contains("rt_tc_ingress")).count(), filters);
        assertTrue(cli("status", "fx", "--json").out().contains("\"healthy\":true"));
        Files.writeString(record, stale);
        assertTrue(cli("undeploy", "fx").out().contains("tc-ingress on fx0: detached"));
        assertFalse(net.tc(net.a, "filter", "show", "dev", "fx0", "ingress").contains("rt_tc_ingress"));
    }

    @Test
    void poolEditsRewriteMembersTableAndAddressIndex() throws Exception {
        deploy(Fixture.Variant.V1, false);
        assertEquals(0, cli("map", "fx", "web", "add", "10.9.0.3:80").code());
        Run del = cli("map", "fx", "web", "del", "10.9.0.1:80");
        assertEquals(0, del.code(), del.err());
        Run list = cli("map", "fx", "web", "list", "--json");
        assertTrue(list.out().contains("\"entries\":[\"10.9.0.3:80\",\"10.9.0.2:80\"]"), list.out());
        List<Elem> want = List.of(member("10.9.0.3", 80), member("10.9.0.2", 80));
        try (BpfMap tbl = BpfMap.fromPin(roots.pinDir("fx").resolve("rt_pool_0_tbl"));
                BpfMap adr = BpfMap.fromPin(roots.pinDir("fx").resolve("rt_pool_0_adr"))) {
            int[] expected = Maglev.table(want, tbl.maxEntries());
            for (int i = 0; i < expected.length; i++)
                assertEquals(
                        expected[i],
                        MapLayout.readU32(tbl.lookup(MapLayout.u32(i)).orElseThrow(), 0),
                        "slot " + i);
            assertEquals(2, adr.keys().size());
        }
        Run full = cli("map", "fx", "web", "add", "10.9.0.4:80", "10.9.0.5:80", "10.9.0.6:80");
        assertEquals(1, full.code());
        assertTrue(full.err().contains("is full"), full.err());
        Run noPort = cli("map", "fx", "web", "add", "10.9.0.4");
        assertEquals(1, noPort.code(), noPort.err());
    }

    @Test
    void aHeldLockMakesDeployExitFive() {
        try (DeployLock held = DeployLock.acquire(roots)) {
            UserError busy = assertThrows(UserError.class, () -> deploy(Fixture.Variant.V1, false));
            assertEquals(5, busy.exitCode());
            assertTrue(busy.getMessage().contains("another deploy holds the lock"));
        }
        assertTrue(DeployState.deployed(roots).isEmpty());
    }

    @Test
    void aMissingInterfaceIsExitOneAndNothingIsLeft() {
        UserError e = assertThrows(UserError.class, () -> new Deployer(roots)
                .deploy(
                        Fixture.compile(Fixture.Variant.V1, tmp),
                        new Deployer.Options(Optional.of("nope0"), Optional.of(net.a), false, Optional.empty())));
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().contains("no interface `nope0`"), e.getMessage());
        assertFalse(Files.exists(roots.pinDir("fx")));
    }

    private static Elem member(String addr, int port) {
        return new Elem.AddrPort(dev.routec.compiler.net.Ipv4Addr.parse(addr).orElseThrow(), port);
    }

    @SuppressWarnings("unused")
    private static List<String> lines(String s) {
        return new ArrayList<>(s.lines().toList());
    }
}
