package dev.routec.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.emit.JavaBindings;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.pipeline.Backend;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import dev.routec.runtime.BpfObject;
import dev.routec.runtime.SkbContext;
import dev.routec.runtime.TestRunRequest;
import dev.routec.runtime.TestRunResult;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end with the real back end: the policy is compiled by {@link Backend#compile} (lowering,
 * header, clang) and loaded; its bindings are generated, compiled in memory and loaded with a class
 * loader; writing sets, maps and pools through them changes what the program does to packets run
 * through {@code BPF_PROG_TEST_RUN} at tc ingress, and the counters follow.
 */
@RequiresKernel
class CompiledPolicyKernelTest {
    static final String POLICY = """
            policy edge {
              set  blocked   : prefix4 capacity 64
              set  ports     : port
              map  tenant_of : prefix4 -> mark capacity 16 default 5
              pool web       : ipv4:port capacity 4 = {10.0.1.11:8080}
              rule drop_blocked when src in blocked                    do drop
              rule drop_ports   when tcp and dport in ports            do drop
              rule tag_tenant   when ipv4                              do set mark = tenant_of[src]
              rule lb_web       when ipv4 and tcp and dst == 10.0.0.100 do dnat to web, pass
              default pass
            }
            """;

    static final String DRIVER = """
            package com.example.routec;

            import dev.routec.compiler.emit.MapLayout;
            import dev.routec.runtime.BpfObject;
            import java.util.List;

            public final class Driver {
                private Driver() {}

                public static AutoCloseable open(BpfObject o) { return EdgePolicy.open(o); }
                static EdgePolicy p(Object p) { return (EdgePolicy) p; }

                public static void block(Object p, String prefix) { p(p).blocked().add(prefix); }
                public static boolean unblock(Object p, String prefix) { return p(p).blocked().remove(prefix); }
                public static void blockPorts(Object p, List<Integer> ports) { p(p).ports().addAll(ports); }
                public static void tenant(Object p, String prefix, long mark) { p(p).tenantOf().put(prefix, mark); }
                public static void web(Object p, List<String> members) { p(p).web().set(members); }
                public static void webClear(Object p) { p(p).web().clear(); }
                public static MapLayout.Counter counter(Object p, String rule) { return p(p).counter(rule); }
            }
            """;

    private static final int TC_ACT_OK = 0;
    private static final int TC_ACT_SHOT = 2;

    private BpfObject object;
    private Class<?> driver;
    private AutoCloseable edge;
    private int sport = 20000;

    @BeforeEach
    void load() throws Exception {
        CheckedPolicy p = Policies.check("edge.route", POLICY).get(0);
        List<InMemoryJavac.Source> sources = new ArrayList<>();
        for (JavaFile f : JavaBindings.generate(List.of(p), "edge.route", Policies.PACKAGE)) {
            sources.add(InMemoryJavac.Source.of(f));
        }
        sources.add(new InMemoryJavac.Source(Policies.PACKAGE + ".Driver", DRIVER));
        driver = InMemoryJavac.compile(sources).loadClass(Policies.PACKAGE + ".Driver");
        object = BpfObject.open(Backend.compile(p).object());
        object.load();
        edge = (AutoCloseable) call("open", object);
    }

    @AfterEach
    void close() throws Exception {
        if (edge != null) edge.close();
        if (object != null) object.close();
    }

    private Object call(String method, Object... args) throws Exception {
        Object[] all = new Object[args.length + 1];
        all[0] = edge;
        System.arraycopy(args, 0, all, 1, args.length);
        for (Method m : driver.getMethods()) {
            if (!m.getName().equals(method)) continue;
            try {
                return m.getParameterCount() == args.length ? m.invoke(null, args) : m.invoke(null, all);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception x) throw x;
                throw e;
            }
        }
        throw new AssertionError("no driver method " + method);
    }

    private TestRunResult run(String notation) {
        Diagnostics d = new Diagnostics();
        var spec = Frontend.packet(new SourceFile("packet", notation), d).orElseThrow();
        byte[] bytes = PacketBuilder.build(spec).bytes();
        return object.program("rt_tc_ingress").testRun(TestRunRequest.of(bytes).withSkb(SkbContext.EMPTY));
    }

    /** A TCP packet from a fresh source port (so no flow-table entry decides it). */
    private TestRunResult tcp(String src, String dst, int dport) {
        return run("tcp " + src + ":" + sport++ + " -> " + dst + ":" + dport);
    }

    private MapLayout.Counter counter(String rule) throws Exception {
        return (MapLayout.Counter) call("counter", rule);
    }

    /** The IPv4 destination and TCP destination port of an output frame. */
    private static String dst(TestRunResult r) {
        byte[] b = r.data();
        return (b[30] & 0xff) + "." + (b[31] & 0xff) + "." + (b[32] & 0xff) + "." + (b[33] & 0xff) + ":"
                + (((b[36] & 0xff) << 8) | (b[37] & 0xff));
    }

    @Test
    void setsChangeTheVerdict() throws Exception {
        assertEquals(TC_ACT_OK, tcp("10.9.1.1", "192.0.2.1", 80).retval());
        call("block", "10.9.0.0/16");
        assertEquals(TC_ACT_SHOT, tcp("10.9.1.1", "192.0.2.1", 80).retval());
        assertEquals(TC_ACT_OK, tcp("10.8.1.1", "192.0.2.1", 80).retval());
        assertEquals(1, counter("drop_blocked").packets());

        call("blockPorts", List.of(80, 443));
        assertEquals(TC_ACT_SHOT, tcp("10.8.1.1", "192.0.2.1", 443).retval());
        assertEquals(TC_ACT_OK, tcp("10.8.1.1", "192.0.2.1", 22).retval());
        assertEquals(1, counter("drop_ports").packets());

        assertTrue((boolean) call("unblock", "10.9.0.0/16"));
        assertEquals(TC_ACT_OK, tcp("10.9.1.1", "192.0.2.1", 8080).retval());
    }

    @Test
    void mapValuesAndTheDefaultReachTheMark() throws Exception {
        assertEquals(5, tcp("10.5.1.1", "192.0.2.1", 22).mark(), "an absent key reads as the default");
        call("tenant", "10.5.0.0/16", 42L);
        assertEquals(42, tcp("10.5.1.1", "192.0.2.1", 22).mark());
        assertEquals(5, tcp("10.6.1.1", "192.0.2.1", 22).mark());
        assertEquals(3, counter("tag_tenant").packets());
    }

    @Test
    void poolMembersDecideTheTranslation() throws Exception {
        call("web", List.of("10.0.1.12:8080"));
        TestRunResult r = tcp("198.51.100.7", "10.0.0.100", 80);
        assertEquals(TC_ACT_OK, r.retval());
        assertEquals("10.0.1.12:8080", dst(r));

        call("web", List.of("10.0.1.12:8080", "10.0.1.13:9090"));
        Set<String> seen = new java.util.TreeSet<>();
        for (int i = 0; i < 64; i++) seen.add(dst(tcp("198.51.100.7", "10.0.0.100", 80)));
        assertEquals(Set.of("10.0.1.12:8080", "10.0.1.13:9090"), seen, "both members get flows");

        call("webClear");
        assertEquals(TC_ACT_SHOT, tcp("198.51.100.7", "10.0.0.100", 80).retval(), "an empty pool drops");
        assertEquals(1, counter("lb_web").poolEmpty());
        assertEquals(66, counter("lb_web").packets());
    }
}
