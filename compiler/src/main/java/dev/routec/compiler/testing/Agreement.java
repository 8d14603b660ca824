package dev.routec.compiler.testing;

import dev.routec.compiler.interp.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * When two engines agree on a packet: the same verdict, deciding rule, redirect interface, mark
 * and output bytes. Effects and counters are not compared (an engine may not observe them).
 */
public final class Agreement {
    private Agreement() {}

    /** What differs between two results, in a fixed order; empty when they agree. */
    public static List<String> differences(Result a, Result b) {
        List<String> out = new ArrayList<>();
        if (a.verdict() != b.verdict()) out.add("verdict");
        if (!a.rule().equals(b.rule())) out.add("rule");
        if (!a.iface().equals(b.iface())) out.add("iface");
        if (!a.mark().equals(b.mark())) out.add("mark");
        if (!Arrays.equals(a.output().bytes(), b.output().bytes())) out.add("output bytes");
        return out;
    }
}
