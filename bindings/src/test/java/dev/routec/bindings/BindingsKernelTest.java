package dev.routec.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.datapath.Maglev;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.emit.JavaBindings;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import dev.routec.runtime.Bpf;
import dev.routec.runtime.BpfMap;
import dev.routec.runtime.BpfObject;
import dev.routec.runtime.SkbContext;
import dev.routec.runtime.TestRunRequest;
import dev.routec.runtime.TestRunResult;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generated bindings against real BPF maps: the bindings of {@link #POLICY} are generated,
 * compiled in memory and loaded with a class loader, then used through {@link #DRIVER} (plain typed
 * Java against the generated class) on a loaded object with the ABI's maps for that policy ({@code
 * standin.bpf.c}); packets go through the object's program with {@code BPF_PROG_TEST_RUN} and the
 * verdict, mark and counters follow what the bindings wrote.
 */
@RequiresKernel
class BindingsKernelTest {
    static final String POLICY = """
            policy edge {
              set  blocked   : prefix4 capacity 64
              map  tenant_of : prefix4 -> u32 capacity 16
              pool web       : ipv4 capacity 4
              rule drop_blocked when src in blocked   do drop
              rule tag_tenant   when src in tenant_of do set mark = tenant_of[src]
              rule to_web       when dst in web       do drop
              default pass
            }
            """;

    /** Typed use of the generated class; the test calls these through reflection. */
    static final String DRIVER = """
            package com.example.routec;

            import dev.routec.compiler.emit.MapLayout;
            import dev.routec.runtime.BpfObject;
            import java.nio.file.Path;
            import java.util.List;
            import java.util.Map;
            import java.util.Optional;

            public final class Driver {
                private Driver() {}

                public static AutoCloseable open(BpfObject o) { return EdgePolicy.open(o); }
                public static AutoCloseable openPinned(Path dir) { return EdgePolicy.openPinned(dir); }
                static EdgePolicy p(Object p) { return (EdgePolicy) p; }

                public static void block(Object p, String prefix) { p(p).blocked().add(prefix); }
                public static void blockAll(Object p, List<String> prefixes) { p(p).blocked().addAll(prefixes); }
                public static boolean unblock(Object p, String prefix) { return p(p).blocked().remove(prefix); }
                public static List<String> blocked(Object p) { return p(p).blocked().elements(); }
                public static boolean blockedContains(Object p, String prefix) { return p(p).blocked().contains(prefix); }
                public static boolean blockedMatches(Object p, String a) { return p(p).blocked().matches(a); }
                public static void replaceBlocked(Object p, List<String> prefixes) { p(p).blocked().replace(prefixes); }

                public static void tenant(Object p, String prefix, long t) { p(p).tenantOf().put(prefix, t); }
                public static void tenants(Object p, Map<String, Long> m) { p(p).tenantOf().putAll(m); }
                public static Optional<Long> tenantGet(Object p, String prefix) { return p(p).tenantOf().get(prefix); }
                public static long tenantOf(Object p, String address) { return p(p).tenantOf().lookupAddress(address); }
                public static Map<String, Long> tenantEntries(Object p) { return p(p).tenantOf().entries(); }

                public static void web(Object p, List<String> members) { p(p).web().set(members); }
                public static boolean webRemove(Object p, String m) { return p(p).web().remove(m); }
                public static boolean webAdd(Object p, String m) { return p(p).web().add(m); }
                public static List<String> webMembers(Object p) { return p(p).web().members(); }
                public static boolean webHas(Object p, String a) { return p(p).web().containsAddress(a); }

                public static MapLayout.Counter counter(Object p, String rule) { return p(p).counter(rule); }
                public static MapLayout.Counter counterOf(Object p, String rule) {
                    return p(p).counter(EdgePolicy.Rule.named(rule));
                }
                public static Map<String, MapLayout.Counter> counters(Object p) { return p(p).counters(); }
                public static void resetCounters(Object p) { p(p).resetCounters(); }
            }
            """;

    private static final int TC_ACT_OK = 0;
    private static final int TC_ACT_SHOT = 2;

    private BpfObject object;
    private Class<?> driver;
    private AutoCloseable edge;

    @BeforeEach
    void load() throws Exception {
        driver = compile(POLICY).loadClass(Policies.PACKAGE + ".Driver");
        Path o = Path.of(System.getProperty("routec.test.bpf.dir", "target/test-bpf"), "standin.bpf.o");
        object = BpfObject.openFile(o);
        object.load();
        edge = (AutoCloseable) call("open", object);
    }

    @AfterEach
    void close() throws Exception {
        if (edge != null) edge.close();
        if (object != null) object.close();
    }

    static ClassLoader compile(String policy) {
        List<CheckedPolicy> ps = Policies.check("edge.route", policy);
        List<InMemoryJavac.Source> sources = new ArrayList<>();
        for (JavaFile f : JavaBindings.generate(ps, "edge.route", Policies.PACKAGE)) {
            sources.add(InMemoryJavac.Source.of(f));
        }
        sources.add(new InMemoryJavac.Source(Policies.PACKAGE + ".Driver", DRIVER));
        return InMemoryJavac.compile(sources);
    }

    private Object call(String method, Object... args) throws Exception {
        for (Method m : driver.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(null, args);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof Exception x) throw x;
                    throw e;
                }
            }
        }
        throw new AssertionError("no driver method " + method);
    }

    private Object on(String method, Object... args) throws Exception {
        Object[] all = new Object[args.length + 1];
        all[0] = edge;
        System.arraycopy(args, 0, all, 1, args.length);
        return call(method, all);
    }

    /** Runs {@code notation} through the program: {retval, mark}. */
    private int[] run(String notation) {
        Diagnostics d = new Diagnostics();
        var spec = Frontend.packet(new SourceFile("packet", notation), d).orElseThrow();
        byte[] bytes = PacketBuilder.build(spec).bytes();
        TestRunResult r =
                object.program("rt_tc_ingress").testRun(TestRunRequest.of(bytes).withSkb(SkbContext.EMPTY));
        return new int[] {r.retval(), r.mark()};
    }

    private MapLayout.Counter counter(String rule) throws Exception {
        return (MapLayout.Counter) on("counter", rule);
    }

    @Test
    void addingToASetChangesTheVerdict() throws Exception {
        String pkt = "tcp 10.9.1.1:1000 -> 192.0.2.1:80";
        assertEquals(TC_ACT_OK, run(pkt)[0]);
        on("block", "10.9.0.0/16");
        assertEquals(TC_ACT_SHOT, run(pkt)[0]);
        assertEquals(1, counter("drop_blocked").packets());
        assertEquals(
                PacketBuilder.build(Frontend.packet(new SourceFile("p", pkt), new Diagnostics())
                                .orElseThrow())
                        .length(),
                counter("drop_blocked").bytes());
        assertTrue((boolean) on("blockedMatches", "10.9.200.1"));
        assertFalse((boolean) on("blockedMatches", "10.8.0.1"));
        assertTrue((boolean) on("blockedContains", "10.9.0.0/16"));
        assertFalse((boolean) on("blockedContains", "10.9.0.0/24"), "contains is exact, not longest-prefix");

        var e = assertThrows(IllegalArgumentException.class, () -> on("block", "10.8.0.1/16"));
        assertEquals("set blocked: prefix \"10.8.0.1/16\" has host bits set: write 10.8.0.0/16", e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> on("blockAll", List.of("10.7.0.0/16", "::/0")));
        assertTrue(f.getMessage().startsWith("set blocked: \"::/0\" is not an IPv4 prefix"), f.getMessage());
        assertEquals(List.of("10.9.0.0/16"), on("blocked"), "a batch with a bad element writes nothing");

        assertTrue((boolean) on("unblock", "10.9.0.0/16"));
        assertFalse((boolean) on("unblock", "10.9.0.0/16"));
        assertEquals(TC_ACT_OK, run(pkt)[0]);
        assertEquals(1, counter("drop_blocked").packets());
        assertEquals(2, counter("default").packets(), "the runs before block and after unblock");
    }

    @Test
    void batchesAndReplace() throws Exception {
        on("blockAll", List.of("192.0.2.0/24", "10.0.0.0/8", "10.1.0.0/16", "198.51.100.7"));
        assertEquals(List.of("10.0.0.0/8", "10.1.0.0/16", "192.0.2.0/24", "198.51.100.7/32"), on("blocked"));
        on("replaceBlocked", List.of("10.1.0.0/16", "203.0.113.0/24"));
        assertEquals(List.of("10.1.0.0/16", "203.0.113.0/24"), on("blocked"));
        assertEquals(TC_ACT_SHOT, run("udp 203.0.113.9:53 -> 192.0.2.1:53")[0]);
        assertEquals(TC_ACT_OK, run("udp 198.51.100.7:53 -> 192.0.2.1:53")[0]);
    }

    @Test
    void mapValuesReachTheDatapath() throws Exception {
        on("tenant", "10.1.0.0/16", 7L);
        on("tenants", Map.of("10.2.0.0/16", 4000000000L, "10.2.3.0/24", 9L));
        assertEquals(7, run("tcp 10.1.1.1:1000 -> 192.0.2.1:80")[1]);
        assertEquals(9, run("tcp 10.2.3.4:1000 -> 192.0.2.1:80")[1], "longest prefix wins");
        assertEquals((int) 4000000000L, run("tcp 10.2.4.4:1000 -> 192.0.2.1:80")[1]);
        assertEquals(0, run("tcp 10.3.4.4:1000 -> 192.0.2.1:80")[1]);
        assertEquals(3, counter("tag_tenant").packets());
        assertEquals(9L, on("tenantOf", "10.2.3.200"));
        assertEquals(0L, on("tenantOf", "10.9.9.9"), "absent keys read as the default");
        assertEquals(Optional.of(4000000000L), on("tenantGet", "10.2.0.0/16"));
        assertEquals(Optional.empty(), on("tenantGet", "10.2.0.0/15"));
        assertEquals(
                List.of("10.1.0.0/16", "10.2.0.0/16", "10.2.3.0/24"),
                List.copyOf(((Map<?, ?>) on("tenantEntries")).keySet()));
        var e = assertThrows(IllegalArgumentException.class, () -> on("tenant", "10.4.0.0/16", 1L << 32));
        assertEquals("map tenant_of: 4294967296 is out of range for u32 (0..4294967295)", e.getMessage());
    }

    @Test
    void poolWritesMembersTableAndAddressIndex() throws Exception {
        on("web", List.of("192.0.2.1", "192.0.2.2", "192.0.2.3"));
        assertEquals(List.of("192.0.2.1", "192.0.2.2", "192.0.2.3"), on("webMembers"));
        assertPoolMaps(List.of("192.0.2.1", "192.0.2.2", "192.0.2.3"));
        assertEquals(TC_ACT_SHOT, run("tcp 198.51.100.1:1000 -> 192.0.2.2:80")[0]);
        assertEquals(1, counter("to_web").packets());

        assertTrue((boolean) on("webRemove", "192.0.2.1"));
        assertEquals(List.of("192.0.2.3", "192.0.2.2"), on("webMembers"), "the last member takes the hole");
        assertPoolMaps(List.of("192.0.2.3", "192.0.2.2"));
        assertFalse((boolean) on("webHas", "192.0.2.1"));
        assertEquals(TC_ACT_OK, run("tcp 198.51.100.1:1000 -> 192.0.2.1:80")[0]);
        assertFalse((boolean) on("webAdd", "192.0.2.2"));
        assertTrue((boolean) on("webAdd", "192.0.2.9"));
        assertPoolMaps(List.of("192.0.2.3", "192.0.2.2", "192.0.2.9"));

        var e = assertThrows(
                IllegalArgumentException.class,
                () -> on("web", List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5")));
        assertEquals("pool web: 5 members do not fit its capacity 4", e.getMessage());
        var d = assertThrows(IllegalArgumentException.class, () -> on("web", List.of("192.0.2.1", "192.0.2.1")));
        assertEquals("pool web: member 192.0.2.1 is given twice", d.getMessage());

        on("web", List.of());
        assertPoolMaps(List.of());
        assertEquals(TC_ACT_OK, run("tcp 198.51.100.1:1000 -> 192.0.2.2:80")[0]);
    }

    /** The three pool maps hold exactly what ABI §4 says for {@code members}. */
    private void assertPoolMaps(List<String> members) {
        List<Elem> ms = members.stream().map(m -> PoolTable.member(m, false)).toList();
        BpfMap mbr = object.map("rt_pool_0_mbr");
        for (int i = 0; i < mbr.maxEntries(); i++) {
            byte[] v = mbr.lookup(MapLayout.u32(i)).orElseThrow();
            byte[] want = i < ms.size() ? MapLayout.member(ms.get(i)) : new byte[8];
            assertEquals(
                    java.util.HexFormat.of().formatHex(want),
                    java.util.HexFormat.of().formatHex(v),
                    "member " + i);
        }
        BpfMap tbl = object.map("rt_pool_0_tbl");
        int[] want = Maglev.table(ms, Maglev.tableSize(4));
        assertEquals(want.length, tbl.maxEntries());
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], MapLayout.readU32(tbl.lookup(MapLayout.u32(i)).orElseThrow(), 0), "slot " + i);
        }
        BpfMap adr = object.map("rt_pool_0_adr");
        assertEquals(ms.size(), adr.keys().size());
        for (Elem m : ms) {
            assertEquals(
                    1, MapLayout.readU32(adr.lookup(MapLayout.poolAddrKey(m)).orElseThrow(), 0));
        }
    }

    @Test
    void countersByRuleNameAndReset() throws Exception {
        run("tcp 10.9.1.1:1000 -> 192.0.2.1:80");
        run("arp");
        Map<?, ?> all = (Map<?, ?>) on("counters");
        assertEquals(List.of("drop_blocked", "tag_tenant", "to_web", "default"), List.copyOf(all.keySet()));
        assertEquals(2, ((MapLayout.Counter) all.get("default")).packets());
        assertEquals(all.get("default"), on("counterOf", "default"));
        var e = assertThrows(IllegalArgumentException.class, () -> on("counter", "nope"));
        assertEquals(
                "policy edge has no rule nope; its rules are drop_blocked, tag_tenant, to_web, default",
                e.getMessage());
        on("resetCounters");
        assertEquals(MapLayout.Counter.ZERO, counter("default"));
    }

    @Test
    void openPinnedMapsOfADeployedPolicy() throws Exception {
        Path dir = Bpf.BPFFS.resolve(
                "routec-bindings-test-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        List<String> names =
                List.of("rt_set_0", "rt_map_0", "rt_pool_0_mbr", "rt_pool_0_tbl", "rt_pool_0_adr", "rt_counters");
        try {
            for (String n : names) object.map(n).pin(dir.resolve(n));
            try (AutoCloseable pinned = (AutoCloseable) call("openPinned", dir)) {
                call("block", pinned, "10.9.0.0/16");
            }
            assertEquals(TC_ACT_SHOT, run("tcp 10.9.1.1:1000 -> 192.0.2.1:80")[0]);
            assertEquals(List.of("10.9.0.0/16"), on("blocked"));
        } finally {
            for (String n : names) Bpf.unpin(dir.resolve(n));
            Files.deleteIfExists(dir);
        }
        var e = assertThrows(IllegalStateException.class, () -> call("openPinned", dir));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "cannot open " + dir.resolve("rt_counters") + " (the counters of policy" + " edge)"),
                e.getMessage());
    }

    @Test
    void bindingsOfAnotherVersionOfThePolicyRefuseToOpen() throws Exception {
        Class<?> stale = compile(POLICY.replace("capacity 64", "capacity 32")).loadClass(Policies.PACKAGE + ".Driver");
        Method open = stale.getMethod("open", BpfObject.class);
        var e = assertThrows(InvocationTargetException.class, () -> open.invoke(null, object));
        assertEquals(
                "map rt_set_0 (set blocked of policy edge) has max entries 64 but the bindings expect 32: the"
                        + " bindings were generated from another version of policy edge; regenerate them (routec"
                        + " compile --java-out) from the deployed source",
                e.getCause().getMessage());
    }
}
