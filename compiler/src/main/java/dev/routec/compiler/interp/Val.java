package dev.routec.compiler.interp;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.MacAddr;

/** A value during evaluation. Integers are unsigned 64-bit values held in a long. */
sealed interface Val {
    record Int(long value) implements Val {
        @Override
        public String toString() {
            return Long.toUnsignedString(value);
        }
    }

    record Addr(IpAddr addr) implements Val {
        @Override
        public String toString() {
            return addr.toString();
        }
    }

    record Mac(MacAddr mac) implements Val {
        @Override
        public String toString() {
            return mac.toString();
        }
    }

    /** An interface name or a rule name. */
    record Str(String text) implements Val {
        @Override
        public String toString() {
            return "\"" + text + "\"";
        }
    }

    record Verd(Verdict verdict) implements Val {
        @Override
        public String toString() {
            return verdict.word();
        }
    }

    record Bool(boolean value) implements Val {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    static Val of(Elem e) {
        return switch (e) {
            case Elem.Int i -> new Int(i.value());
            case Elem.Addr a -> new Addr(a.addr());
            case Elem.Mac m -> new Mac(m.mac());
            case Elem.AddrPort ap -> new Addr(ap.addr());
            case Elem.Pfx p -> throw new IllegalArgumentException("a prefix is not a value: " + p);
            case Elem.IntRange r -> throw new IllegalArgumentException("a range is not a value: " + r);
        };
    }
}
