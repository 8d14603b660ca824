package dev.routec.compiler.check;

import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.net.Prefix;

/** A checked, typed constant: an element of a set, a map key or value, a pool member, a literal. */
public sealed interface Elem {
    /** An unsigned integer (u64 values above Long.MAX_VALUE are stored as negative longs). */
    record Int(long value) implements Elem {
        @Override
        public String toString() {
            return Long.toUnsignedString(value);
        }
    }

    /** An inclusive integer range. */
    record IntRange(long lo, long hi) implements Elem {
        @Override
        public String toString() {
            return lo + ".." + hi;
        }
    }

    record Addr(IpAddr addr) implements Elem {
        @Override
        public String toString() {
            return addr.toString();
        }
    }

    record Pfx(Prefix prefix) implements Elem {
        @Override
        public String toString() {
            return prefix.toString();
        }
    }

    record Mac(MacAddr mac) implements Elem {
        @Override
        public String toString() {
            return mac.toString();
        }
    }

    /** A pool member with a port ({@code ipv4:port} pools). */
    record AddrPort(IpAddr addr, int port) implements Elem {
        @Override
        public String toString() {
            return addr.isV4() ? addr + ":" + port : "[" + addr + "]:" + port;
        }
    }
}
