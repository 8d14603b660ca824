package dev.routec.compiler.ir;

import dev.routec.compiler.check.Elem;
import dev.routec.compiler.check.Field;
import dev.routec.compiler.net.IpAddr;

/**
 * An operand of a condition or a value expression: something that is present or absent on a given
 * packet and, when present, has a value of one {@link Kind}.
 */
public sealed interface Op {
    /** The kind of value an operand has, which decides how it compares. */
    enum Kind {
        INT,
        BOOL,
        ADDR,
        MAC,
        IFACE
    }

    Kind kind();

    /** A packet field of LANGUAGE.md §4 (present per {@code PacketView}). */
    record FieldOp(Field field, Kind kind) implements Op {}

    /** An unsigned integer constant (u64 in a long). */
    record IntOp(long value) implements Op {
        @Override
        public Kind kind() {
            return Kind.INT;
        }
    }

    record AddrOp(IpAddr addr) implements Op {
        @Override
        public Kind kind() {
            return Kind.ADDR;
        }
    }

    /** A MAC constant as its 48-bit value. */
    record MacOp(long value) implements Op {
        @Override
        public Kind kind() {
            return Kind.MAC;
        }
    }

    /** An interface name, by slot (its ifindex is read from {@code rt_ifaces} at run time). */
    record IfaceOp(int slot) implements Op {
        @Override
        public Kind kind() {
            return Kind.IFACE;
        }
    }

    /**
     * {@code M[k]}: always present; the value of map {@code map} (an index into {@link
     * IrPolicy#maps()}) for the key, or {@code dflt} when the key is missing or absent.
     */
    record MapReadOp(int map, Op key, Kind kind, Elem dflt) implements Op {}

    /** {@code l & r}: present when both are. */
    record BitAndOp(Op left, Op right) implements Op {
        @Override
        public Kind kind() {
            return Kind.INT;
        }
    }

    /** The truth value of a condition: always present. */
    record CondOp(Cond cond) implements Op {
        @Override
        public Kind kind() {
            return Kind.BOOL;
        }
    }
}
