package dev.routec.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.ast.Policy.Hook;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.emit.MapLayout.Counter;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.ir.IrPolicy;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.pipeline.Backend;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every aspect {@link Comparison} compares is reported when it differs, and nothing when all agree. */
class ComparisonTest {
    static final CheckedPolicy P = Synthetic.checkOne(
            "c.route",
            "policy c { rule a when udp do mirror \"mon0\", log \"t\" rule b when tcp do redirect \"out0\" default pass }",
            null);
    static final IrPolicy IR = Backend.lower(P);
    static final Frame IN = Notation.frame("udp 192.0.2.1:1 -> 192.0.2.2:2");

    static Result result(Verdict v, String rule, int id, Result.Cause cause, String iface, long mark, Frame out) {
        List<Result.Effect> effects =
                List.of(new Result.Mirror("a", "mon0", IN), new Result.Log("a", Optional.of("t"), IN));
        List<Result.Counter> counters =
                List.of(new Result.Counter(0, "a", IN.length()), new Result.Counter(id, rule, IN.length()));
        return new Result(
                Hook.TC_INGRESS,
                v,
                rule,
                id,
                cause,
                Optional.ofNullable(iface),
                OptionalLong.of(mark),
                out,
                effects,
                counters);
    }

    static final Result WANT = result(Verdict.PASS, "default", 2, Result.Cause.VERDICT, null, 0, IN);
    static final List<Counter> BEFORE = List.of(Counter.ZERO, Counter.ZERO, Counter.ZERO);
    static final List<Counter> AFTER =
            List.of(new Counter(1, IN.length(), 0, 0), Counter.ZERO, new Counter(1, IN.length(), 0, 0));

    /** rt_result as the kernel writes it for WANT: mirror to slot 0 (mon0), log tag 0. */
    static MapLayout.RunResult raw(int counted, MapLayout.ResultEffect... effects) {
        return new MapLayout.RunResult(1, 2, 0, 0, MapLayout.NO_IFACE, 0, effects.length, List.of(effects), counted);
    }

    static final MapLayout.RunResult RAW = raw(
            2,
            new MapLayout.ResultEffect(0, MapLayout.EFFECT_MIRROR, 0),
            new MapLayout.ResultEffect(0, MapLayout.EFFECT_LOG, 1));

    static List<String> diff(Result got, MapLayout.RunResult raw, List<Counter> after) {
        return Comparison.differences(WANT, got, raw, IR, BEFORE, after, IN.bytes());
    }

    @Test
    void agreementHasNoDifferences() {
        assertEquals(List.of(), diff(WANT, RAW, AFTER));
    }

    @Test
    void everyAspectIsReported() {
        Frame other = Notation.frame("udp 192.0.2.1:1 -> 192.0.2.2:3");
        assertTrue(diff(result(Verdict.DROP, "default", 2, Result.Cause.VERDICT, null, 0, IN), RAW, AFTER)
                .get(0)
                .startsWith("verdict"));
        assertTrue(diff(result(Verdict.PASS, "b", 1, Result.Cause.VERDICT, null, 0, IN), RAW, AFTER)
                .get(0)
                .startsWith("rule"));
        assertTrue(diff(result(Verdict.PASS, "default", 2, Result.Cause.LIMIT, null, 0, IN), RAW, AFTER)
                .get(0)
                .startsWith("cause"));
        assertTrue(diff(result(Verdict.PASS, "default", 2, Result.Cause.VERDICT, "x", 0, IN), RAW, AFTER)
                .get(0)
                .startsWith("iface"));
        assertTrue(diff(result(Verdict.PASS, "default", 2, Result.Cause.VERDICT, null, 7, IN), RAW, AFTER)
                .get(0)
                .startsWith("mark"));
        assertTrue(diff(result(Verdict.PASS, "default", 2, Result.Cause.VERDICT, null, 0, other), RAW, AFTER)
                .get(0)
                .startsWith("output bytes"));
        assertTrue(diff(WANT, raw(2, new MapLayout.ResultEffect(0, MapLayout.EFFECT_MIRROR, 0)), AFTER)
                .get(0)
                .startsWith("effects"));
        List<Counter> wrongBytes = List.of(new Counter(1, 14, 0, 0), Counter.ZERO, new Counter(1, IN.length(), 0, 0));
        assertTrue(diff(WANT, RAW, wrongBytes).get(0).startsWith("counters"));
        List<Counter> limited =
                List.of(new Counter(1, IN.length(), 0, 0), Counter.ZERO, new Counter(1, IN.length(), 1, 0));
        assertTrue(diff(WANT, RAW, limited).get(0).startsWith("counters"));
    }
}
