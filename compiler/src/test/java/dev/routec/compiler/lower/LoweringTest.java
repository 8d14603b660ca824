package dev.routec.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.ir.Cond;
import dev.routec.compiler.ir.IrAction;
import dev.routec.compiler.ir.IrPolicy;
import dev.routec.compiler.ir.IrVerifier;
import dev.routec.compiler.ir.Op;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The lowering pass, checked by the IR verifier on every example, and its decisions. */
class LoweringTest {
    static List<CheckedPolicy> check(String text) {
        Frontend.Result r = Frontend.check(new SourceFile("t.route", text));
        assertTrue(r.ok(), () -> r.diags().sorted().toString());
        return r.policies();
    }

    static IrPolicy lower(String text) {
        IrPolicy ir = Lowering.lower(check(text).get(0));
        assertEquals(List.of(), IrVerifier.verify(ir));
        return ir;
    }

    @Test
    void everyExampleLowersToAWellFormedIr() throws IOException {
        Path root = Path.of(System.getProperty("routec.root", "..")).resolve("examples");
        List<Path> files;
        try (Stream<Path> s = Files.list(root)) {
            files = s.filter(p -> p.toString().endsWith(".route")).sorted().toList();
        }
        assertTrue(files.size() >= 7);
        for (Path f : files) {
            for (CheckedPolicy p : Frontend.check(new SourceFile(f.toString(), Files.readString(f)))
                    .policies()) {
                IrPolicy ir = Lowering.lower(p);
                assertEquals(List.of(), IrVerifier.verify(ir), f.toString());
                assertEquals(p.rules().size() + 1, ir.rules().size());
                assertEquals("default", ir.rules().get(ir.defaultId()).name());
            }
        }
    }

    @Test
    void fewIntervalsInlineManyInTheTable() {
        IrPolicy ir = lower("""
                policy p {
                  rule a when dport in {53, 80..89, 80..90} do drop
                  rule b when dport in {1, 3, 5, 7, 9} do drop
                  rule c when src in {2001:db8::/32, 2001:db9::/32, 2001:dba::/32, 2001:dbb::/32, 2001:dbc::1} do drop
                  default pass
                }
                """);
        Cond.InIntervals a =
                assertInstanceOf(Cond.InIntervals.class, ir.rules().get(0).cond());
        assertEquals(List.of(Cond.Interval.of(53, 53), Cond.Interval.of(80, 90)), a.intervals());
        Cond.InTable b = assertInstanceOf(Cond.InTable.class, ir.rules().get(1).cond());
        assertEquals(5, b.count());
        assertEquals(5, ir.ranges().size());
        // adjacent IPv6 /32s merge into one interval, the host stays apart
        Cond.InIntervals c =
                assertInstanceOf(Cond.InIntervals.class, ir.rules().get(2).cond());
        assertEquals(Cond.Domain.V6, c.domain());
        assertEquals(2, c.intervals().size());
    }

    @Test
    void namesBecomeIds() {
        IrPolicy ir = lower("""
                policy p {
                  attach tc ingress on "z0"
                  set s : ipv4 = {192.0.2.1}
                  map m : port -> mark = {1: 2}
                  rule a when src in s and iif == "b0" do mirror "a0", log "t1", log "t2", log "t1", continue
                  rule b when udp do set mark = m[dport], limit 1/s, limit 2/m per src, redirect "b0"
                  default pass
                }
                """);
        assertEquals(List.of("a0", "b0", "z0"), ir.ifaces());
        assertEquals(List.of("t1", "t2"), ir.tags());
        assertEquals(2, ir.limits().size());
        assertEquals(1, ir.values().size());
        assertInstanceOf(Op.MapReadOp.class, ir.values().get(0));
        assertEquals(new IrAction.Redirect(1), ir.rules().get(1).actions().get(3));
        assertEquals(
                List.of("rt_set_0", "rt_map_0"),
                ir.maps().stream().map(IrPolicy.Container::cname).toList());
    }

    @Test
    void initialContentsAreNormalised() {
        IrPolicy ir = lower("""
                policy p {
                  set ports : port = {80, 8000..8002}
                  set nets : prefix4 = {192.0.2.1, 10.0.0.0/8}
                  rule a when dport in ports and src in nets do drop
                  default pass
                }
                """);
        assertEquals(4, ir.maps().get(0).initial().size());
        assertEquals("192.0.2.1/32", ir.maps().get(1).initial().get(0).key().toString());
    }

    @Test
    void theVerifierCatchesBrokenIr() {
        IrPolicy ok = lower("policy p { rule a when tcp do redirect \"x\" default pass }");
        IrPolicy bad = new IrPolicy(
                ok.name(),
                ok.source(),
                ok.hooks(),
                List.of(
                        new IrPolicy.Rule(
                                0, "a", 1, new Cond.True(), List.of(new IrAction.Redirect(5), new IrAction.Pass())),
                        new IrPolicy.Rule(1, "default", 1, new Cond.True(), List.of(new IrAction.Continue()))),
                ok.maps(),
                ok.pools(),
                List.of("b", "a"),
                ok.limits(),
                ok.tags(),
                ok.ranges(),
                ok.ranges6(),
                ok.values());
        List<String> problems = IrVerifier.verify(bad);
        assertTrue(problems.stream().anyMatch(p -> p.contains("no interface slot 5")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("not the last action")), problems.toString());
        assertTrue(
                problems.stream().anyMatch(p -> p.contains("default does not end in a verdict")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("not sorted")), problems.toString());
    }
}
