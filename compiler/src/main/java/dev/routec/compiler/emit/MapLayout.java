package dev.routec.compiler.emit;

import dev.routec.compiler.check.Elem;
import dev.routec.compiler.check.Type;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Ipv6Addr;
import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.net.Prefix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Java side of the datapath ABI (docs/datapath-abi.md): the byte layout of every key and value
 * that user space writes into or reads from a policy's maps, and the encoders/decoders between
 * {@link Elem} and those bytes. The C side is {@code rt_abi.h} in bpf-templates, which checks the
 * same sizes with {@code _Static_assert}.
 *
 * <p>Byte order: addresses and ports inside packet-shaped structures are in network order;
 * integers held as C integers are in host order ({@link ByteOrder#nativeOrder()}, little endian on
 * every supported target).
 */
public final class MapLayout {
    private MapLayout() {}

    /** Host byte order, as the C integers of the kernel see them. */
    public static final ByteOrder HOST = ByteOrder.nativeOrder();

    /** A named key or value layout with its size in bytes (the rows of the ABI document). */
    public enum Layout {
        IPV4(4),
        IPV6(16),
        PREFIX4(8),
        PREFIX6(20),
        PORT(2),
        U8(1),
        U16(2),
        U32(4),
        U64(8),
        S32(4),
        MAC(6),
        MEMBER(8),
        COUNTER(32),
        CONFIG(16),
        RESULT(96),
        EVENT(160),
        FLOW_KEY(40),
        FLOW_VAL(36),
        BUCKET_KEY(44),
        BUCKET(16),
        PKT(0),
        NONE(0);

        public final int size;

        Layout(int size) {
            this.size = size;
        }

        /** The name used in the manifest. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** BPF map types the datapath uses. */
    public enum MapType {
        HASH("hash"),
        ARRAY("array"),
        PERCPU_ARRAY("percpu_array"),
        LRU_HASH("lru_hash"),
        LPM_TRIE("lpm_trie"),
        RINGBUF("ringbuf");

        public final String word;

        MapType(String word) {
            this.word = word;
        }
    }

    /** The key layout of a set element or map key type. */
    public static Layout keyLayout(Type t) {
        return switch (t) {
            case IPV4 -> Layout.IPV4;
            case IPV6 -> Layout.IPV6;
            case PREFIX4 -> Layout.PREFIX4;
            case PREFIX6 -> Layout.PREFIX6;
            case PORT -> Layout.PORT;
            case U32 -> Layout.U32;
            case MAC -> Layout.MAC;
            default -> throw new IllegalArgumentException("not a set element or map key type: " + t);
        };
    }

    /** The value layout of a map value type. */
    public static Layout valueLayout(Type t) {
        return switch (t) {
            case U8 -> Layout.U8;
            case U16, PORT -> t == Type.PORT ? Layout.PORT : Layout.U16;
            case U32 -> Layout.U32;
            case U64 -> Layout.U64;
            case IPV4 -> Layout.IPV4;
            case IPV6 -> Layout.IPV6;
            default -> throw new IllegalArgumentException("not a map value type: " + t);
        };
    }

    /** The BPF map type of a set or map keyed by {@code t}: LPM trie for prefixes, hash otherwise. */
    public static MapType containerType(Type t) {
        return t == Type.PREFIX4 || t == Type.PREFIX6 ? MapType.LPM_TRIE : MapType.HASH;
    }

    // ---- elements

    /**
     * Encodes a set element, map key or map value of layout {@code l}. A bare address under a
     * prefix layout is a host prefix (/32, /128). Ranges are not elements: expand them first.
     */
    public static byte[] encode(Layout l, Elem e) {
        return switch (l) {
            case IPV4, IPV6 -> addr(l, e);
            case PREFIX4, PREFIX6 -> prefix(l, e);
            case MAC -> ((Elem.Mac) e).mac().bytes();
            case PORT, U16 -> buf(2).putShort((short) intValue(e)).array();
            case U8 -> new byte[] {(byte) intValue(e)};
            case U32, S32 -> buf(4).putInt((int) intValue(e)).array();
            case U64 -> buf(8).putLong(intValue(e)).array();
            case MEMBER -> member(e);
            default -> throw new IllegalArgumentException("no element encoding for " + l);
        };
    }

    /** Decodes bytes of layout {@code l} back into an element (prefixes as {@link Elem.Pfx}). */
    public static Elem decode(Layout l, byte[] b) {
        if (b.length != l.size) throw new IllegalArgumentException(l + " needs " + l.size + " bytes, got " + b.length);
        ByteBuffer bb = ByteBuffer.wrap(b).order(HOST);
        return switch (l) {
            case IPV4, IPV6 -> new Elem.Addr(IpAddr.of(b));
            case PREFIX4, PREFIX6 -> {
                int len = bb.getInt(0);
                IpAddr a = IpAddr.of(Arrays.copyOfRange(b, 4, b.length));
                yield new Elem.Pfx(new Prefix(a, len));
            }
            case MAC -> new Elem.Mac(MacAddr.of(b, 0));
            case PORT, U16 -> new Elem.Int(bb.getShort(0) & 0xffffL);
            case U8 -> new Elem.Int(b[0] & 0xffL);
            case U32 -> new Elem.Int(bb.getInt(0) & 0xffffffffL);
            case S32 -> new Elem.Int(bb.getInt(0));
            case U64 -> new Elem.Int(bb.getLong(0));
            case MEMBER -> decodeMember(b);
            default -> throw new IllegalArgumentException("no element decoding for " + l);
        };
    }

    /** The value of every set entry: one byte, 1. */
    public static byte[] setValue() {
        return new byte[] {1};
    }

    private static byte[] addr(Layout l, Elem e) {
        IpAddr a =
                switch (e) {
                    case Elem.Addr x -> x.addr();
                    case Elem.AddrPort x -> x.addr();
                    default -> throw new IllegalArgumentException("not an address: " + e);
                };
        if (a.isV4() != (l == Layout.IPV4)) throw new IllegalArgumentException(a + " is not " + l.word());
        return a.bytes();
    }

    private static byte[] prefix(Layout l, Elem e) {
        Prefix p =
                switch (e) {
                    case Elem.Pfx x -> x.prefix();
                    case Elem.Addr x -> new Prefix(x.addr(), x.addr().bits());
                    default -> throw new IllegalArgumentException("not a prefix: " + e);
                };
        if (p.isV4() != (l == Layout.PREFIX4)) throw new IllegalArgumentException(p + " is not " + l.word());
        ByteBuffer bb = buf(l.size).putInt(p.len());
        bb.put(p.addr().bytes());
        return bb.array();
    }

    private static long intValue(Elem e) {
        if (e instanceof Elem.Int i) return i.value();
        throw new IllegalArgumentException("not an integer: " + e);
    }

    // ---- pools

    /** {@code struct rt_member}: address (net), port (net, 0 without one), pad. */
    public static byte[] member(Elem e) {
        byte[] b = new byte[Layout.MEMBER.size];
        IpAddr a;
        int port = 0;
        switch (e) {
            case Elem.Addr x -> a = x.addr();
            case Elem.AddrPort x -> {
                a = x.addr();
                port = x.port();
            }
            default -> throw new IllegalArgumentException("not a pool member: " + e);
        }
        if (!a.isV4()) throw new IllegalArgumentException("pool members are IPv4: " + a);
        System.arraycopy(a.bytes(), 0, b, 0, 4);
        b[4] = (byte) (port >>> 8);
        b[5] = (byte) port;
        return b;
    }

    /** Decodes a member; a zero port means an address-only member. */
    public static Elem decodeMember(byte[] b) {
        IpAddr a = Ipv4Addr.of(Arrays.copyOf(b, 4));
        int port = ((b[4] & 0xff) << 8) | (b[5] & 0xff);
        return port == 0 ? new Elem.Addr(a) : new Elem.AddrPort(a, port);
    }

    /** The 4-byte key of the pool address index {@code rt_pool_N_adr}. */
    public static byte[] poolAddrKey(Elem member) {
        return encode(Layout.IPV4, member);
    }

    // ---- small integers

    public static byte[] u32(int v) {
        return buf(4).putInt(v).array();
    }

    public static int readU32(byte[] b, int off) {
        return ByteBuffer.wrap(b).order(HOST).getInt(off);
    }

    public static long readU64(byte[] b, int off) {
        return ByteBuffer.wrap(b).order(HOST).getLong(off);
    }

    public static int readU16(byte[] b, int off) {
        return ByteBuffer.wrap(b).order(HOST).getShort(off) & 0xffff;
    }

    // ---- counters, config, result, events

    /** {@code struct rt_counter}, summed over CPUs by the reader. */
    public record Counter(long packets, long bytes, long limited, long poolEmpty) {
        public static final Counter ZERO = new Counter(0, 0, 0, 0);

        public Counter plus(Counter o) {
            return new Counter(packets + o.packets, bytes + o.bytes, limited + o.limited, poolEmpty + o.poolEmpty);
        }
    }

    public static Counter decodeCounter(byte[] b) {
        return new Counter(readU64(b, 0), readU64(b, 8), readU64(b, 16), readU64(b, 24));
    }

    /** Sums the per-CPU values of a counter ({@code cpus} slots of 32 bytes each). */
    public static Counter sumCounters(List<byte[]> perCpu) {
        Counter c = Counter.ZERO;
        for (byte[] b : perCpu) c = c.plus(decodeCounter(Arrays.copyOf(b, Layout.COUNTER.size)));
        return c;
    }

    /** {@code flags} bit 0 of {@code struct rt_config}: simulation (run/test). */
    public static final int CFG_SIM = 1;

    /** {@code flags} bit 1: in simulation, {@code len} is the packet's length even when it is 0. */
    public static final int CFG_LEN = 2;

    /**
     * {@code struct rt_config}: the clock override (0 = the kernel clock), flags, and in simulation
     * the packet's real length when the test buffer differs from it (0 = the buffer's length).
     */
    public static byte[] config(long clockNs, int flags, int len) {
        return buf(Layout.CONFIG.size)
                .putLong(clockNs)
                .putInt(flags)
                .putInt(len)
                .array();
    }

    /** Slot value in {@code rt_result.iface} when the verdict is not a redirect. */
    public static final int NO_IFACE = 0xffff;

    public static final int EFFECT_MIRROR = 1;
    public static final int EFFECT_LOG = 2;
    public static final int MAX_RESULT_EFFECTS = 8;

    /** One mirror or log effect recorded in {@code rt_result}: arg = iface slot or tag id + 1. */
    public record ResultEffect(int rule, int kind, int arg) {}

    /** {@code struct rt_result} (written by the datapath in simulation mode). */
    public record RunResult(
            int seq,
            int rule,
            int verdict,
            int cause,
            int ifaceSlot,
            long mark,
            int effectCount,
            List<ResultEffect> effects,
            int counted) {
        public RunResult {
            effects = List.copyOf(effects);
        }

        public Optional<Integer> iface() {
            return ifaceSlot == NO_IFACE ? Optional.empty() : Optional.of(ifaceSlot);
        }
    }

    public static RunResult decodeResult(byte[] b) {
        int n = readU32(b, 16);
        List<ResultEffect> effects = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(n, MAX_RESULT_EFFECTS); i++) {
            int off = 24 + 8 * i;
            effects.add(new ResultEffect(readU32(b, off), readU16(b, off + 4), readU16(b, off + 6)));
        }
        return new RunResult(
                readU32(b, 0),
                readU32(b, 4),
                b[8] & 0xff,
                b[9] & 0xff,
                readU16(b, 10),
                readU32(b, 12) & 0xffffffffL,
                n,
                effects,
                readU32(b, 88));
    }

    /** Capture size of {@code struct rt_event}. */
    public static final int EVENT_DATA = 128;

    /** {@code struct rt_event}: one {@code log} action. {@code tag} is the tag id + 1 (0 = none). */
    public record Event(long timeNs, int rule, int tag, int hook, int ifindex, long mark, int len, byte[] data) {
        public Event {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    public static Event decodeEvent(byte[] b) {
        int cap = Math.min(readU16(b, 28), EVENT_DATA);
        return new Event(
                readU64(b, 0),
                readU32(b, 8),
                readU16(b, 12),
                b[14] & 0xff,
                readU32(b, 16),
                readU32(b, 20) & 0xffffffffL,
                readU32(b, 24),
                Arrays.copyOfRange(b, 32, 32 + cap));
    }

    /** Synthetic ifindex of an interface slot whose name does not exist (ABI §6). */
    public static int syntheticIfindex(int slot) {
        return 0x40000000 + slot;
    }

    /** Input ifindex {@code run} uses at TC when the policy does not name the packet's iif. */
    public static final int UNNAMED_IFINDEX = 0x3fffffff;

    /** Helpers for tests and bindings: the address of an element of an address layout. */
    public static IpAddr address(byte[] b) {
        return b.length == 4 ? Ipv4Addr.of(b) : Ipv6Addr.of(b);
    }

    private static ByteBuffer buf(int n) {
        return ByteBuffer.allocate(n).order(HOST);
    }
}
