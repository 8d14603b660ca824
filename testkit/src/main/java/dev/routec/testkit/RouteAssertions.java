package dev.routec.testkit;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.packet.PacketView;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Fluent assertions on an {@link Outcome}, in the words of a {@code test} block:
 *
 * <pre>{@code
 * assertThat(lb.run("tcp 198.51.100.7:40000 -> 10.0.0.100:443"))
 *         .isPassed().byRule("lb_web").satisfies("dst in web").hasDport(443);
 * }</pre>
 *
 * Every failure is an {@link AssertionError} that shows the outcome (verdict, rule, input and
 * output in notation).
 */
public final class RouteAssertions {
    private RouteAssertions() {}

    public static OutcomeAssert assertThat(Outcome outcome) {
        return new OutcomeAssert(outcome);
    }

    /** Assertions on one outcome; each returns {@code this} to chain. */
    public static final class OutcomeAssert {
        private final Outcome o;

        OutcomeAssert(Outcome o) {
            this.o = o;
        }

        private OutcomeAssert check(boolean ok, String expected) {
            if (!ok) throw new AssertionError("expected " + expected + ", but was " + o);
            return this;
        }

        public OutcomeAssert hasVerdict(Verdict v) {
            return check(o.verdict() == v, v.word());
        }

        public OutcomeAssert isPassed() {
            return hasVerdict(Verdict.PASS);
        }

        public OutcomeAssert isDropped() {
            return hasVerdict(Verdict.DROP);
        }

        public OutcomeAssert isRouted() {
            return hasVerdict(Verdict.ROUTE);
        }

        public OutcomeAssert isRedirected() {
            return hasVerdict(Verdict.REDIRECT);
        }

        public OutcomeAssert isRedirectedTo(String iface) {
            return check(
                    o.verdict() == Verdict.REDIRECT && o.iface().orElse("").equals(iface),
                    "redirect \"" + iface + "\"");
        }

        /** Decided by rule {@code name} ({@code "default"} for the default). */
        public OutcomeAssert byRule(String name) {
            return check(o.rule().equals(name), "the decision by rule " + name);
        }

        public OutcomeAssert byDefault() {
            return byRule("default");
        }

        /** Exactly these rules were counted for the packet, in order (the deciding rule last). */
        public OutcomeAssert counted(String... rules) {
            return check(
                    o.counted().equals(Arrays.asList(rules)),
                    "counted rules " + List.of(rules) + " (were " + o.counted() + ")");
        }

        public OutcomeAssert hasMark(long mark) {
            return check(o.mark().isPresent() && o.mark().getAsLong() == mark, "mark " + Long.toUnsignedString(mark));
        }

        /** The output bytes equal the input's. */
        public OutcomeAssert isUnchanged() {
            return check(Arrays.equals(o.input().bytes(), o.output().bytes()), "the packet unchanged");
        }

        /** A check in the {@code .route} language holds: {@code "dst in web and dport == 443"}. */
        public OutcomeAssert satisfies(String check) {
            if (!o.satisfies(check))
                throw new AssertionError("expected `" + check + "` to hold, but " + o.valuesOf(check) + "\n" + o);
            return this;
        }

        /** A condition on the parsed output packet. */
        public OutcomeAssert hasOutput(String description, Predicate<PacketView> p) {
            return check(p.test(o.view()), description);
        }

        public OutcomeAssert hasDst(String addr) {
            IpAddr want = addr(addr);
            return hasOutput("dst " + addr, v -> v.hasIp() && v.dst().equals(want));
        }

        public OutcomeAssert hasSrc(String addr) {
            IpAddr want = addr(addr);
            return hasOutput("src " + addr, v -> v.hasIp() && v.src().equals(want));
        }

        public OutcomeAssert hasDport(int port) {
            return hasOutput("dport " + port, v -> v.hasPorts() && v.dport() == port);
        }

        public OutcomeAssert hasSport(int port) {
            return hasOutput("sport " + port, v -> v.hasPorts() && v.sport() == port);
        }

        private static IpAddr addr(String text) {
            return dev.routec.compiler.net.Ipv4Addr.parse(text)
                    .<IpAddr>map(a -> a)
                    .or(() -> dev.routec.compiler.net.Ipv6Addr.parse(text))
                    .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + text));
        }

        public Outcome outcome() {
            return o;
        }
    }
}
