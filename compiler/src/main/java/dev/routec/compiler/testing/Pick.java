package dev.routec.compiler.testing;

import dev.routec.compiler.check.Elem;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Ipv6Addr;
import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.net.Prefix;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** A value, or a region of values, that a drawn packet's field may take. */
sealed interface Pick {
    /** An unsigned integer in {@code lo..hi} (one value when equal). */
    record Num(long lo, long hi) implements Pick {
        static Num of(long v) {
            return new Num(v, v);
        }

        long draw(RandomGenerator r) {
            if (lo == hi) return lo;
            // edges of a range are as interesting as its inside
            return switch (r.nextInt(4)) {
                case 0 -> lo;
                case 1 -> hi;
                default -> hi - lo + 1 > 0 ? lo + r.nextLong(hi - lo + 1) : lo + (r.nextLong() >>> 1);
            };
        }
    }

    /** One address. */
    record Addr(IpAddr addr) implements Pick {}

    /** An address inside a prefix (its first or last address now and then). */
    record Net(Prefix prefix) implements Pick {
        IpAddr draw(RandomGenerator r) {
            return switch (r.nextInt(6)) {
                case 0 -> prefix.addr();
                case 1 -> Addrs.last(prefix);
                default -> Addrs.inside(prefix, r);
            };
        }
    }

    record Mac(MacAddr mac) implements Pick {}

    /** An interface name. */
    record Name(String name) implements Pick {}

    /** A boolean field or predicate that should be true or false. */
    record Bool(boolean value) implements Pick {}

    /** The picks an element of a set, map key or literal stands for: itself. */
    static Optional<Pick> of(Elem e) {
        return Optional.of(
                switch (e) {
                    case Elem.Int i -> Num.of(i.value());
                    case Elem.IntRange r -> new Num(r.lo(), r.hi());
                    case Elem.Addr a -> new Addr(a.addr());
                    case Elem.AddrPort a -> new Addr(a.addr());
                    case Elem.Pfx p -> new Net(p.prefix());
                    case Elem.Mac m -> new Mac(m.mac());
                });
    }

    /** An element with the values just outside it: {@code v±1}, range ends ±1, prefix ends ±1. */
    static List<Pick> withBoundaries(Elem e, long max) {
        return switch (e) {
            case Elem.Int i -> nums(max, i.value() - 1, i.value(), i.value() + 1);
            case Elem.IntRange r -> {
                List<Pick> out = new java.util.ArrayList<>(nums(max, r.lo() - 1, r.lo(), r.hi(), r.hi() + 1));
                out.add(new Num(r.lo(), r.hi()));
                yield out;
            }
            case Elem.Addr a -> addrs(a.addr());
            case Elem.AddrPort a -> addrs(a.addr());
            case Elem.Pfx p -> {
                List<Pick> out = new java.util.ArrayList<>();
                Addrs.plus(p.prefix().addr(), -1).ifPresent(x -> out.add(new Addr(x)));
                out.add(new Addr(p.prefix().addr()));
                out.add(new Net(p.prefix()));
                out.add(new Addr(Addrs.last(p.prefix())));
                Addrs.plus(Addrs.last(p.prefix()), 1).ifPresent(x -> out.add(new Addr(x)));
                yield out;
            }
            case Elem.Mac m -> List.of(new Mac(m.mac()));
        };
    }

    private static List<Pick> nums(long max, long... vs) {
        List<Pick> out = new java.util.ArrayList<>();
        for (long v : vs) if (v >= 0 && Long.compareUnsigned(v, max) <= 0) out.add(Num.of(v));
        return out;
    }

    private static List<Pick> addrs(IpAddr a) {
        List<Pick> out = new java.util.ArrayList<>();
        Addrs.plus(a, -1).ifPresent(x -> out.add(new Addr(x)));
        out.add(new Addr(a));
        Addrs.plus(a, 1).ifPresent(x -> out.add(new Addr(x)));
        return out;
    }

    /** Address arithmetic for drawing and shrinking. */
    final class Addrs {
        private Addrs() {}

        /** {@code a + delta}, empty when it leaves the address space. */
        static Optional<IpAddr> plus(IpAddr a, long delta) {
            if (a instanceof Ipv4Addr v4) {
                long v = v4.unsigned() + delta;
                return v < 0 || v > 0xffffffffL ? Optional.empty() : Optional.of(new Ipv4Addr((int) v));
            }
            Ipv6Addr v6 = (Ipv6Addr) a;
            java.math.BigInteger v = Addrs.value(v6).add(java.math.BigInteger.valueOf(delta));
            if (v.signum() < 0 || v.bitLength() > 128) return Optional.empty();
            return Optional.of(new Ipv6Addr(v.shiftRight(64).longValue(), v.longValue()));
        }

        static java.math.BigInteger value(IpAddr a) {
            return new java.math.BigInteger(1, a.bytes());
        }

        static IpAddr last(Prefix p) {
            byte[] b = p.addr().bytes();
            for (int i = 0; i < b.length; i++) {
                int keep = Math.max(0, Math.min(8, p.len() - 8 * i));
                b[i] |= (byte) (0xff >>> keep);
            }
            return IpAddr.of(b);
        }

        static IpAddr inside(Prefix p, RandomGenerator r) {
            byte[] b = p.addr().bytes();
            byte[] noise = new byte[b.length];
            r.nextBytes(noise);
            for (int i = 0; i < b.length; i++) {
                int keep = Math.max(0, Math.min(8, p.len() - 8 * i));
                b[i] |= (byte) (noise[i] & (0xff >>> keep));
            }
            return IpAddr.of(b);
        }

        static IpAddr random(boolean v6, RandomGenerator r) {
            byte[] b = new byte[v6 ? 16 : 4];
            r.nextBytes(b);
            return IpAddr.of(b);
        }
    }
}
