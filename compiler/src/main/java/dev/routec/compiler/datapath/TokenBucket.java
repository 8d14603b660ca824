package dev.routec.compiler.datapath;

import dev.routec.compiler.ast.Action.Per;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.TAction;
import dev.routec.compiler.net.IpAddr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Token-bucket arithmetic of {@code limit RATE [burst N] [per ...]}, in unsigned 64-bit integers,
 * exact for {@code N/s} and {@code N/m}.
 *
 * <h2>Units</h2>
 *
 * Time is in nanoseconds ({@code bpf_ktime_get_ns()} in the kernel, the injected clock in the
 * interpreter). Credit is held in <em>units</em>: one token = {@code COST = P * 1_000_000_000}
 * units, where P is the period in seconds (1 for {@code /s}, 60 for {@code /m}). A bucket gains
 * exactly {@code RATE} units per nanosecond, so no rounding ever happens. The bucket holds at most
 * {@code CAP = max(burst, 1) * COST} units (saturated to 2^64 - 1; the emitter writes COST, CAP and
 * RATE as constants).
 *
 * <h2>Per packet (the C must match)</h2>
 *
 * <pre>{@code
 * struct rt_bucket { __u64 tokens; __u64 last_ns; };      // 16 bytes
 *
 * b = bpf_map_lookup_elem(&buckets, &key);
 * if (!b) { nb.tokens = CAP; nb.last_ns = now; b = &nb; }  // a new bucket starts full
 * if (now > b->last_ns) {                         // a clock read behind last_ns adds nothing
 *     elapsed = now - b->last_ns;
 *     need = CAP - b->tokens;
 *     if (elapsed > need / RATE) b->tokens = CAP;  // elapsed * RATE > need: full
 *     else b->tokens += elapsed * RATE;            // cannot overflow: <= need
 *     b->last_ns = now;
 * }
 * ok = b->tokens >= COST;
 * if (ok) b->tokens -= COST;
 * if (b == &nb) bpf_map_update_elem(&buckets, &key, &nb, BPF_ANY);
 * if (!ok) -> over rate: XDP_DROP / TC_ACT_SHOT, decided by this rule; else go on
 * }</pre>
 *
 * Concurrency in the kernel (two CPUs updating one bucket) may admit a packet more or less than
 * this sequential definition; the interpreter is the sequential reference.
 *
 * <h2>Keys</h2>
 *
 * Each {@code limit} action of a policy has a limit id: its ordinal among all {@code limit}
 * actions in source order (rules 0..n-1, action by action, then the default), see {@link
 * #limitIds}. The buckets of all limits live in one LRU hash keyed by {@link Key}, whose layout
 * is documented there.
 */
public final class TokenBucket {
    private TokenBucket() {}

    public static final long NS_PER_SECOND = 1_000_000_000L;

    /**
     * Entries of the bucket map ({@code BPF_MAP_TYPE_LRU_HASH} of {@link Key} → {@code struct
     * rt_bucket}, shared by all limits of a policy). When full the least recently used bucket is
     * evicted, and a returning key starts again with a full bucket.
     */
    public static final int MAP_CAPACITY = 65536;

    /** The constants of one {@code limit}: rate units per ns, cost of a packet, capacity. */
    public record Params(long rate, long cost, long cap) {
        public Params {
            if (rate < 1 || cost < 1 || Long.compareUnsigned(cap, cost) < 0)
                throw new IllegalArgumentException("bad token bucket " + rate + "/" + cost + "/" + cap);
        }

        /** {@code rate} tokens per {@code perSeconds} seconds, at most {@code burst} at once. */
        public static Params of(long rate, int perSeconds, long burst) {
            long cost = perSeconds * NS_PER_SECOND;
            long b = Math.max(burst, 1);
            long cap = Long.compareUnsigned(b, Long.divideUnsigned(-1L, cost)) > 0 ? -1L : b * cost;
            return new Params(rate, cost, cap);
        }

        public static Params of(TAction.Limit limit) {
            return of(limit.rate(), limit.perSeconds(), limit.burst());
        }
    }

    /** {@code struct rt_bucket}: credit in units and the time of the last update. */
    public static final class State {
        private long tokens;
        private long lastNs;

        /** A full bucket as of {@code nowNs}. */
        public State(Params p, long nowNs) {
            this.tokens = p.cap();
            this.lastNs = nowNs;
        }

        public long tokens() {
            return tokens;
        }

        public long lastNs() {
            return lastNs;
        }

        /** Refills for the time since the last update, then charges one packet if it conforms. */
        public boolean take(Params p, long nowNs) {
            if (Long.compareUnsigned(nowNs, lastNs) > 0) {
                long elapsed = nowNs - lastNs;
                long need = p.cap() - tokens;
                if (Long.compareUnsigned(elapsed, Long.divideUnsigned(need, p.rate())) > 0) tokens = p.cap();
                else tokens += elapsed * p.rate();
                lastNs = nowNs;
            }
            if (Long.compareUnsigned(tokens, p.cost()) < 0) return false;
            tokens -= p.cost();
            return true;
        }
    }

    /**
     * The bucket key ({@code struct rt_bucket_key}, 44 bytes, no implicit padding):
     *
     * <pre>{@code
     * struct rt_bucket_key {
     *     __u32  limit_id;   //  0: host byte order
     *     __u8   family;     //  4: 4 or 6; 0 when no address is keyed or the packet is not IP
     *     __u8   proto;      //  5: L4 protocol (per flow only, else 0)
     *     __be16 sport;      //  6: per flow only; 0 without L4 ports
     *     __be16 dport;      //  8: per flow only; 0 without L4 ports
     *     __u16  pad;        // 10: always 0
     *     __u8   src[16];    // 12: network order; IPv4 in src[0..3], rest 0
     *     __u8   dst[16];    // 28: likewise
     * };                     // sizeof == 44
     * }</pre>
     *
     * Which parts are filled depends on {@code per}: none (global): only limit_id; {@code per src}:
     * family + src; {@code per dst}: family + dst; {@code per flow}: family, proto, ports, src and
     * dst. Everything else is zero, so all non-IP packets (ARP…) share one bucket per limit.
     * {@code proto} and the ports follow {@link FlowHash} (ports 0 when the packet has none).
     */
    public record Key(int limitId, int family, int proto, int sport, int dport, byte[] src, byte[] dst) {
        public static final int SIZE = 44;

        public Key {
            src = Arrays.copyOf(src, 16);
            dst = Arrays.copyOf(dst, 16);
        }

        /** The key of a packet with the given (possibly absent) tuple parts for a limit. */
        public static Key of(
                int limitId,
                Optional<Per> per,
                Optional<IpAddr> src,
                Optional<IpAddr> dst,
                int proto,
                int sport,
                int dport) {
            byte[] none = new byte[16];
            int fam = src.map(a -> a.isV4() ? 4 : 6).orElse(0);
            if (per.isEmpty()) return new Key(limitId, 0, 0, 0, 0, none, none);
            return switch (per.get()) {
                case SRC ->
                    new Key(limitId, fam, 0, 0, 0, src.map(IpAddr::bytes).orElse(none), none);
                case DST ->
                    new Key(limitId, fam, 0, 0, 0, none, dst.map(IpAddr::bytes).orElse(none));
                case FLOW ->
                    new Key(
                            limitId,
                            fam,
                            fam == 0 ? 0 : proto,
                            fam == 0 ? 0 : sport,
                            fam == 0 ? 0 : dport,
                            src.map(IpAddr::bytes).orElse(none),
                            dst.map(IpAddr::bytes).orElse(none));
            };
        }

        /** The key's bytes as a little-endian kernel (x86-64, arm64) sees them. */
        public byte[] encode() {
            byte[] b = new byte[SIZE];
            for (int i = 0; i < 4; i++) b[i] = (byte) (limitId >>> (8 * i));
            b[4] = (byte) family;
            b[5] = (byte) proto;
            b[6] = (byte) (sport >>> 8);
            b[7] = (byte) sport;
            b[8] = (byte) (dport >>> 8);
            b[9] = (byte) dport;
            System.arraycopy(src, 0, b, 12, 16);
            System.arraycopy(dst, 0, b, 28, 16);
            return b;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(encode(), k.encode());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(encode());
        }

        @Override
        public String toString() {
            return "Key" + Arrays.toString(encode());
        }
    }

    /** The policy's limit actions in limit-id order (rules in order, then the default). */
    public static List<TAction.Limit> limitIds(CheckedPolicy policy) {
        List<TAction.Limit> out = new ArrayList<>();
        List<CheckedPolicy.Rule> all = new ArrayList<>(policy.rules());
        all.add(policy.dflt());
        for (CheckedPolicy.Rule r : all) for (TAction a : r.actions()) if (a instanceof TAction.Limit l) out.add(l);
        return List.copyOf(out);
    }
}
