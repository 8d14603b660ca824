package dev.routec.compiler.datapath;

import dev.routec.compiler.net.IpAddr;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reverse-NAT flow table of a policy, shared by all its hooks (one BPF LRU hash, pinned with
 * the policy).
 *
 * <h2>Semantics</h2>
 *
 * Let {@code O} be a packet's tuple (src, sport, dst, dport, proto) when rules start (after any
 * reverse translation below) and {@code F} its tuple when it leaves. If {@code dnat}/{@code snat}
 * actions changed the tuple ({@code F != O}) and the verdict is not {@code drop}, the packet
 * records one entry: key = {@code reply(F)}, value = {@code reply(O)}, where {@code reply(s, sp, d,
 * dp, p) = (d, dp, s, sp, p)}. Before any rule runs, every packet whose tuple equals a key has its
 * tuple rewritten to the value (addresses, then ports, with the checksum updates of a NAT
 * rewrite), and the entry counts as used. So after {@code dnat} A:a → B:b of the flow C:c → A:a,
 * the reply B:b → C:c becomes A:a → C:c; after {@code snat} S:s → T:t of S:s → D:d, the reply D:d
 * → T:t becomes D:d → S:s; both in one packet compose (B:b → T:t becomes A:a → C:c). Ports are 0
 * in keys and values when the packet has no L4 ports (ICMP: echo ids are not tracked; non-first
 * fragments never match a port flow). Only fields that differ need rewriting; rewriting an equal
 * value is a no-op.
 *
 * <h2>Layouts (the C must match)</h2>
 *
 * <pre>{@code
 * struct rt_flow_key {       // 40 bytes
 *     __u8   family;         //  0: 4 or 6
 *     __u8   proto;          //  1: L4 protocol after IPv6 extension headers
 *     __be16 sport;          //  2: 0 without L4 ports
 *     __be16 dport;          //  4: 0 without L4 ports
 *     __u16  pad;            //  6: always 0
 *     __u8   src[16];        //  8: network order; IPv4 in src[0..3], rest 0
 *     __u8   dst[16];        // 24
 * };
 * struct rt_flow_val {       // 36 bytes: the tuple to restore
 *     __u8   src[16];        //  0
 *     __u8   dst[16];        // 16
 *     __be16 sport;          // 32
 *     __be16 dport;          // 34
 * };
 * }</pre>
 *
 * <h2>Size</h2>
 *
 * {@link #CAPACITY} = 65536 entries ({@code BPF_MAP_TYPE_LRU_HASH}, {@code max_entries} 65536,
 * about 5 MiB with overhead). When full, inserting evicts the least recently used entry; lookups
 * and updates count as use. The kernel's LRU is approximate (per-CPU lists), so which entry goes
 * may differ from this exact LRU once more than 65536 flows are live; below that they agree.
 */
public final class FlowTable {
    public static final int CAPACITY = 65536;

    /** A tuple: both addresses of one family; ports 0 when absent. */
    public record Tuple(IpAddr src, int sport, IpAddr dst, int dport, int proto) {
        public Tuple {
            if (src.isV4() != dst.isV4()) throw new IllegalArgumentException("mixed families");
        }

        public Tuple reply() {
            return new Tuple(dst, dport, src, sport, proto);
        }

        public int family() {
            return src.isV4() ? 4 : 6;
        }

        /** {@code struct rt_flow_key} bytes. */
        public byte[] encodeKey() {
            byte[] b = new byte[40];
            b[0] = (byte) family();
            b[1] = (byte) proto;
            putPort(b, 2, sport);
            putPort(b, 4, dport);
            System.arraycopy(src.bytes(), 0, b, 8, src.bytes().length);
            System.arraycopy(dst.bytes(), 0, b, 24, dst.bytes().length);
            return b;
        }

        /** {@code struct rt_flow_val} bytes. */
        public byte[] encodeValue() {
            byte[] b = new byte[36];
            System.arraycopy(src.bytes(), 0, b, 0, src.bytes().length);
            System.arraycopy(dst.bytes(), 0, b, 16, dst.bytes().length);
            putPort(b, 32, sport);
            putPort(b, 34, dport);
            return b;
        }

        @Override
        public String toString() {
            return "proto " + proto + " " + src + ":" + sport + " -> " + dst + ":" + dport;
        }
    }

    private final int capacity;
    private final LinkedHashMap<Tuple, Tuple> entries;

    public FlowTable() {
        this(CAPACITY);
    }

    public FlowTable(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Tuple, Tuple> eldest) {
                return size() > FlowTable.this.capacity;
            }
        };
    }

    /** The tuple a packet with tuple {@code t} is rewritten to before rules run, if any. */
    public Optional<Tuple> lookup(Tuple t) {
        return Optional.ofNullable(entries.get(t));
    }

    /** Records a translation {@code original → translated}; nothing when they are equal. */
    public void record(Tuple original, Tuple translated) {
        if (original.equals(translated)) return;
        entries.put(translated.reply(), original.reply());
    }

    public int size() {
        return entries.size();
    }

    public void clear() {
        entries.clear();
    }

    /** Entries (key → value) from least to most recently used. */
    public List<Map.Entry<Tuple, Tuple>> entries() {
        return entries.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .toList();
    }

    private static void putPort(byte[] b, int off, int port) {
        b[off] = (byte) (port >>> 8);
        b[off + 1] = (byte) port;
    }
}
