package dev.routec.compiler.check;

import java.util.List;

/** The folded value of a const or a literal before it meets a context. */
sealed interface CValue {
    /** A scalar: integer (Type.INT), address, mac. */
    record Scalar(Type type, Elem elem) implements CValue {}

    /** A prefix (usable with `in`). */
    record PrefixVal(Elem.Pfx prefix) implements CValue {}

    /** A range or braced set literal (usable with `in` and as set contents). */
    record SetVal(List<Elem> elems) implements CValue {
        public SetVal {
            elems = List.copyOf(elems);
        }
    }

    record Str(String value) implements CValue {}
}
