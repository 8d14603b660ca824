package dev.routec.testkit;

import dev.routec.cli.KernelPolicy;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.ir.IrPolicy;
import dev.routec.compiler.packet.PacketView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What must agree between the reference interpreter and the kernel for one packet: verdict,
 * deciding rule, cause (verdict, over rate, empty pool), redirect interface, mark, every output
 * byte, the mirror and log effects in order, and the per-rule counters — exactly the rules the
 * interpreter counts move, each by one packet and the input's length in bytes, and the deciding
 * rule's {@code limited} or {@code pool_empty} counter when that is why it decided. The one
 * exception is what the test run cannot simulate ({@link #unsimulatedCrc}).
 */
public final class Comparison {
    private Comparison() {}

    /**
     * The differences, in a fixed order; empty when the engines agree.
     *
     * @param want the interpreter's result
     * @param got the kernel's result
     * @param raw the kernel's {@code rt_result} for the run (effects, rules counted)
     * @param ir the lowered policy (rule, interface and tag names by id)
     * @param before the kernel's counters before the run, by rule id (the default last)
     * @param after the kernel's counters after it
     * @param input the input frame's bytes
     */
    public static List<String> differences(
            Result want,
            Result got,
            MapLayout.RunResult raw,
            IrPolicy ir,
            List<MapLayout.Counter> before,
            List<MapLayout.Counter> after,
            byte[] input) {
        int inputLength = input.length;
        List<String> d = new ArrayList<>();
        if (want.verdict() != got.verdict())
            d.add("verdict: interpreter " + want.verdict().word() + ", kernel "
                    + got.verdict().word());
        if (!want.rule().equals(got.rule())) d.add("rule: interpreter " + want.rule() + ", kernel " + got.rule());
        if (want.cause() != got.cause()) d.add("cause: interpreter " + want.cause() + ", kernel " + got.cause());
        if (!want.iface().equals(got.iface()))
            d.add("iface: interpreter " + want.iface().orElse("-") + ", kernel "
                    + got.iface().orElse("-"));
        if (!want.mark().equals(got.mark())) d.add("mark: interpreter " + mark(want) + ", kernel " + mark(got));
        byte[] a = want.output().bytes(), b = got.output().bytes();
        if (!Arrays.equals(a, b) && !unsimulatedCrc(input, a, b)) d.add(bytes(a, b));
        effects(want, raw, ir).ifPresent(d::add);
        counters(want, ir, before, after, inputLength).ifPresent(d::add);
        return d;
    }

    private static String mark(Result r) {
        return r.mark().isPresent() ? Long.toUnsignedString(r.mark().getAsLong()) : "none";
    }

    /** The bytes around the first difference (whole frames can be kilobytes). */
    private static String bytes(byte[] a, byte[] b) {
        int first = Arrays.mismatch(a, b);
        int from = Math.max(0, first - 32), to = Math.min(Math.max(a.length, b.length), first + 64);
        return "output bytes differ from offset " + first + " (lengths " + a.length + ", " + b.length + "), bytes "
                + from + ".." + to + ":\n    interpreter " + window(a, from, to) + "\n    kernel      "
                + window(b, from, to);
    }

    private static String window(byte[] x, int from, int to) {
        return HexFormat.of().formatHex(x, Math.min(from, x.length), Math.min(to, x.length));
    }

    /**
     * The one rewrite {@code BPF_PROG_TEST_RUN} cannot simulate (datapath ABI §7): for a frame longer
     * than the test buffer ({@link KernelPolicy#MAX_BUFFER}), the kernel cannot read the whole SCTP
     * datagram and leaves its CRC32c as it was (on a real interface it reads it all). Such outputs agree
     * when they differ only in those four bytes and the kernel's are the input's.
     */
    static boolean unsimulatedCrc(byte[] in, byte[] want, byte[] got) {
        if (in.length <= KernelPolicy.MAX_BUFFER || want.length != got.length) return false;
        PacketView v = PacketView.parse(got, "x", 0);
        if (!v.sctp() || !v.hasL4()) return false;
        int crc = v.l4Offset() + 8;
        if (crc + 4 > got.length || crc + 4 > in.length) return false;
        for (int i = 0; i < got.length; i++) {
            boolean inCrc = i >= crc && i < crc + 4;
            if (inCrc ? got[i] != in[i] : got[i] != want[i]) return false;
        }
        return true;
    }

    private static java.util.Optional<String> effects(Result want, MapLayout.RunResult raw, IrPolicy ir) {
        List<String> we = new ArrayList<>();
        for (Result.Effect e : want.effects()) {
            switch (e) {
                case Result.Mirror m -> we.add("mirror " + m.rule() + " " + m.iface());
                case Result.Log l -> we.add("log " + l.rule() + " " + l.tag().orElse("-"));
            }
        }
        List<String> ke = new ArrayList<>();
        for (MapLayout.ResultEffect e : raw.effects()) {
            String rule =
                    e.rule() < ir.rules().size() ? ir.rules().get(e.rule()).name() : "#" + e.rule();
            if (e.kind() == MapLayout.EFFECT_MIRROR)
                ke.add("mirror " + rule + " "
                        + (e.arg() < ir.ifaces().size() ? ir.ifaces().get(e.arg()) : "#" + e.arg()));
            else if (e.kind() == MapLayout.EFFECT_LOG)
                ke.add("log " + rule + " "
                        + (e.arg() == 0
                                ? "-"
                                : e.arg() - 1 < ir.tags().size() ? ir.tags().get(e.arg() - 1) : "#" + e.arg()));
            else ke.add("kind " + e.kind() + " " + rule);
        }
        List<String> recorded = we.subList(0, Math.min(we.size(), MapLayout.MAX_RESULT_EFFECTS));
        if (raw.effectCount() == we.size() && recorded.equals(ke)) return java.util.Optional.empty();
        return java.util.Optional.of(
                "effects: interpreter " + we + ", kernel " + ke + " (" + raw.effectCount() + " ran)");
    }

    private static java.util.Optional<String> counters(
            Result want, IrPolicy ir, List<MapLayout.Counter> before, List<MapLayout.Counter> after, int len) {
        List<String> expected = new ArrayList<>(), moved = new ArrayList<>();
        for (Result.Counter c : want.counters()) expected.add(c.ruleId() + " " + c.rule() + " +1/+" + len);
        int decided = want.ruleId();
        for (int r = 0; r < after.size(); r++) {
            MapLayout.Counter a = after.get(r), b = r < before.size() ? before.get(r) : MapLayout.Counter.ZERO;
            long dp = a.packets() - b.packets(), db = a.bytes() - b.bytes();
            if (dp != 0 || db != 0)
                moved.add(
                        r + " " + (r < ir.rules().size() ? ir.rules().get(r).name() : "#" + r) + " +" + dp + "/+" + db);
            long dl = a.limited() - b.limited(), de = a.poolEmpty() - b.poolEmpty();
            long wl = r == decided && want.cause() == Result.Cause.LIMIT ? 1 : 0;
            long we = r == decided && want.cause() == Result.Cause.EMPTY_POOL ? 1 : 0;
            if (dl != wl) moved.add(r + " limited +" + dl + " (interpreter +" + wl + ")");
            if (de != we) moved.add(r + " pool_empty +" + de + " (interpreter +" + we + ")");
        }
        if (expected.equals(moved)) return java.util.Optional.empty();
        return java.util.Optional.of("counters: interpreter " + expected + ", kernel " + moved);
    }
}
