package dev.routec.compiler.interp;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketDissector;
import dev.routec.compiler.packet.PacketPrinter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the policy did to one packet.
 *
 * @param hook where the packet ran
 * @param verdict the final verdict
 * @param rule the deciding rule's name, or {@code "default"}
 * @param ruleId its id (rules 0..n-1, the default n)
 * @param cause why that rule decided: its verdict, a {@code limit} over rate, or an empty pool
 * @param iface the redirect target; empty for every other verdict ({@code route} is resolved only
 *     by the kernel FIB, so the interpreter reports verdict ROUTE with no interface and the packet
 *     as it was before the FIB rewrite)
 * @param mark the skb mark after the policy at TC hooks (the input mark when no {@code set mark}
 *     ran, 0 by default); empty at XDP
 * @param output the frame after every rewrite (its mark is the final mark at TC)
 * @param effects mirror and log effects in the order they ran
 * @param counters the per-rule counters to bump: one entry per rule whose condition held and whose
 *     actions ran (effect-only rules included), in order, ending with the deciding rule; bytes are
 *     the input frame length
 */
public record Result(
        Policy.Hook hook,
        Verdict verdict,
        String rule,
        int ruleId,
        Cause cause,
        Optional<String> iface,
        OptionalLong mark,
        Frame output,
        List<Effect> effects,
        List<Counter> counters) {

    public Result {
        effects = List.copyOf(effects);
        counters = List.copyOf(counters);
    }

    public enum Cause {
        /** The rule's verdict action. */
        VERDICT,
        /** A {@code limit} action found the packet over rate (verdict DROP). */
        LIMIT,
        /** A {@code dnat to POOL} found the pool empty (verdict DROP). */
        EMPTY_POOL
    }

    /** A side effect that does not decide the packet. */
    public sealed interface Effect {
        String rule();
    }

    /** {@code mirror "if"}: a copy of the packet as it was when the action ran. */
    public record Mirror(String rule, String iface, Frame copy) implements Effect {}

    /** {@code log ["tag"]}: an event with the packet as it was when the action ran. */
    public record Log(String rule, Optional<String> tag, Frame packet) implements Effect {}

    /** One packet and {@code bytes} bytes for the counters of rule {@code ruleId}. */
    public record Counter(int ruleId, String rule, long bytes) {}

    /** The output packet in the notation of LANGUAGE.md §7. */
    public String packet() {
        return PacketPrinter.print(PacketDissector.dissect(output));
    }

    /**
     * The JSON object of LANGUAGE.md §8, compact, in exactly this field order: {@code
     * {"verdict":"pass","rule":"NAME","iface":null,"mark":0,"packet":"..."}}; {@code iface} is null
     * except for redirect, {@code mark} is null at XDP.
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"verdict\":");
        Json.string(sb, verdict.word());
        sb.append(",\"rule\":");
        Json.string(sb, rule);
        sb.append(",\"iface\":");
        if (iface.isPresent()) Json.string(sb, iface.get());
        else sb.append("null");
        sb.append(",\"mark\":");
        sb.append(mark.isPresent() ? Long.toUnsignedString(mark.getAsLong()) : "null");
        sb.append(",\"packet\":");
        Json.string(sb, packet());
        return sb.append('}').toString();
    }
}
