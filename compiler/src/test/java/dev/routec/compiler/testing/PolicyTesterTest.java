package dev.routec.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketPrinter;
import dev.routec.compiler.packet.PacketView;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyTesterTest {
    static final String EDGE = """
            policy edge {
              attach tc ingress on "lan0"
              const vip       = 10.0.0.100
              const web_ports = {80, 443, 8000..8099}
              set  blocked   : prefix4 capacity 4 = {203.0.113.0/24}
              pool web       : ipv4 capacity 16 = {10.0.1.11, 10.0.1.12}
              rule drop_blocked when src in blocked                            do drop
              rule lb_web       when dst == vip and tcp and dport in web_ports do dnat to web, pass
              default pass
              %s
            }
            """;

    static CheckedPolicy edge(String blocks) {
        return Fixtures.policy(EDGE.formatted(blocks));
    }

    @Test
    void everyExamplePassesOnTheInterpreter() throws Exception {
        List<CheckedPolicy> examples = Fixtures.examples();
        assertTrue(examples.size() >= 7, "examples found: " + examples.size());
        for (CheckedPolicy p : examples) {
            for (Outcome o : Fixtures.runAll(p, 1, 300)) {
                assertTrue(o.passed(), () -> p.name() + " / " + o.name() + ": " + o.problems());
                assertEquals(List.of("interpreter"), o.engines());
            }
        }
    }

    @Test
    void aWrongExpectationFailsWithExpectedAndActual() {
        List<Outcome> out = Fixtures.runAll(edge("""
                test "t" {
                  tcp 203.0.113.9:1234 -> 10.0.0.100:80    => pass by lb_web
                  tcp 198.51.100.7:1 -> 10.0.0.100:443     => pass by lb_web, dst == 10.0.0.100
                  tcp 198.51.100.7:1 -> 10.0.0.100:443     => pass by lb_web, dst in web
                }
                """), 1, 10);
        Outcome o = out.get(0);
        assertFalse(o.passed());
        assertEquals(2, o.problems().size(), o.problems().toString());
        Problem first = o.problems().get(0);
        assertEquals(Problem.Kind.EXPECTATION, first.kind());
        assertEquals("tcp 203.0.113.9:1234 -> 10.0.0.100:80", first.packet().orElseThrow());
        assertTrue(
                first.message().startsWith("expected: pass by lb_web\nactual:   drop by drop_blocked"),
                first.message());
        assertEquals(11, first.span().line());
        Problem second = o.problems().get(1);
        assertTrue(second.message().startsWith("check failed: dst == 10.0.0.100 (dst = 10.0.1.1"), second.message());
    }

    @Test
    void aGivenThatOverflowsFailsTheTest() {
        Outcome o = Fixtures.runAll(edge("""
                test "full" {
                  given blocked += {1.0.0.0/8, 2.0.0.0/8, 3.0.0.0/8, 4.0.0.0/8}
                  tcp 1.2.3.4:1 -> 5.6.7.8:9 => drop
                }
                """), 1, 10).get(0);
        assertEquals(Problem.Kind.GIVEN, o.problems().get(0).kind());
        assertTrue(o.problems().get(0).message().contains("full"), o.problems().toString());
    }

    @Test
    void aFalsePropertyShrinksToAMinimalCounterexample() {
        Outcome o = Fixtures.runAll(edge("""
                property "vip traffic is never dropped" {
                  forall tcp where dst == vip => verdict == pass
                }
                """), 42, 1000).get(0);
        assertFalse(o.passed());
        Outcome.PropertyRun run = o.property().orElseThrow();
        String shrunk = PacketPrinter.print(run.counterexample().orElseThrow());
        // the only reason to drop VIP traffic is a blocked source: everything else is at its simplest
        assertEquals("tcp 203.0.113.0:0 -> 10.0.0.100:0", shrunk);
        assertEquals(shrunk, o.problems().get(0).packet().orElseThrow());
        assertTrue(o.problems().get(0).message().startsWith("check failed: verdict == pass (verdict = drop)"));
    }

    @Test
    void theSameSeedGivesTheSameCounterexampleAndStatistics() {
        CheckedPolicy p = edge("""
                property "p" { forall any where src in blocked => verdict == pass }
                """);
        for (long seed : new long[] {1, 2, 99}) {
            Outcome a = Fixtures.runAll(p, seed, 500).get(0),
                    b = Fixtures.runAll(p, seed, 500).get(0);
            assertEquals(a.property(), b.property());
            assertEquals(a.problems(), b.problems());
        }
    }

    @Test
    void aPropertyWhoseWhereNeverHoldsGivesUp() {
        Outcome o = Fixtures.runAll(edge("""
                property "p" { forall udp where tcp => verdict == pass }
                """), 1, 50).get(0);
        assertEquals(Problem.Kind.GAVE_UP, o.problems().get(0).kind());
        assertEquals(500, o.property().orElseThrow().draws());
        assertTrue(
                o.problems().get(0).message().startsWith("gave up after 500 draws"),
                o.problems().toString());
    }

    @Test
    void aTruePropertyChecksTheRequestedNumberOfPackets() {
        Outcome o = Fixtures.runAll(edge("""
                property "p" { forall tcp where dst == vip and dport in web_ports and not src in blocked
                               => verdict == pass and dst in web }
                """), 5, 400).get(0);
        assertTrue(o.passed(), o.problems().toString());
        assertEquals(400, o.property().orElseThrow().checked());
        assertTrue(o.property().orElseThrow().draws() < 800, "where-directed draws should mostly hold");
    }

    /** The interpreter, except that it passes what it would drop by {@code drop_blocked} from 203.0.113.7. */
    static final class Liar implements Engine {
        final InterpreterEngine inner;

        Liar(CheckedPolicy p) {
            inner = new InterpreterEngine(p);
        }

        @Override
        public String name() {
            return "liar";
        }

        @Override
        public void reset() {
            inner.reset();
        }

        @Override
        public void apply(CheckedPolicy.Given g) {
            inner.apply(g);
        }

        @Override
        public Result run(Frame in, Policy.Hook hook) {
            Result r = inner.run(in, hook);
            PacketView v = PacketView.of(in);
            if (!v.hasIp() || !v.src().toString().equals("203.0.113.7")) return r;
            return new Result(
                    r.hook(),
                    Verdict.PASS,
                    "default",
                    2,
                    r.cause(),
                    r.iface(),
                    r.mark(),
                    r.output(),
                    List.of(),
                    List.of());
        }
    }

    static final Engine.Factory LIAR = new Engine.Factory() {
        @Override
        public String name() {
            return "liar";
        }

        @Override
        public Engine open(CheckedPolicy policy) {
            return new Liar(policy);
        }
    };

    @Test
    void engineDisagreementIsAFailureWithBothResults() {
        Outcome o = Fixtures.runAll(edge("""
                test "t" { tcp 203.0.113.7:1 -> 192.0.2.9:2 => drop }
                """), 1, 10, InterpreterEngine.FACTORY, LIAR)
                .get(0);
        assertEquals(List.of("interpreter", "liar"), o.engines());
        List<Problem.Kind> kinds = o.problems().stream().map(Problem::kind).toList();
        assertEquals(List.of(Problem.Kind.EXPECTATION, Problem.Kind.DISAGREEMENT), kinds);
        assertTrue(
                o.problems().get(0).message().startsWith("on liar:\nexpected: drop"),
                o.problems().toString());
        Problem d = o.problems().get(1);
        assertEquals("interpreter and liar disagree on verdict, rule", d.message());
        assertEquals(2, d.results().size());
    }

    @Test
    void aDisagreementFoundByAPropertyShrinksToThePacketTheEnginesDisagreeOn() {
        Outcome o = Fixtures.runAll(edge("""
                property "p" { forall ipv4 where src in 203.0.113.0/28 => verdict == drop or verdict == pass }
                """), 3, 2000, InterpreterEngine.FACTORY, LIAR)
                .get(0);
        assertFalse(o.passed());
        Problem p = o.problems().get(0);
        assertEquals(Problem.Kind.DISAGREEMENT, p.kind());
        assertEquals("tcp 203.0.113.7:0 -> 192.0.2.2:0", p.packet().orElseThrow());
    }

    @Test
    void anEngineThatCannotOpenFailsEveryBlock() {
        Engine.Factory broken = new Engine.Factory() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Engine open(CheckedPolicy policy) {
                throw new IllegalStateException("no clang");
            }
        };
        List<Outcome> out = Fixtures.runAll(edge("""
                test "t" { tcp 1.2.3.4:1 -> 5.6.7.8:9 => pass }
                property "p" { forall tcp => verdict == pass or verdict == drop }
                """), 1, 10, InterpreterEngine.FACTORY, broken);
        for (Outcome o : out) {
            assertEquals(Problem.Kind.ENGINE_ERROR, o.problems().get(0).kind());
            assertTrue(o.problems().get(0).message().contains("no clang"));
        }
    }
}
