package dev.routec.compiler.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.check.Type;
import dev.routec.compiler.diag.InternalCompilerError;
import java.util.Locale;

/**
 * How the generated bindings represent the language's types in Java, and the names of the support
 * classes they call ({@code dev.routec.bindings}, module {@code routec-bindings}; referred to by name
 * because the compiler does not depend on it).
 */
final class BindingTypes {
    private BindingTypes() {}

    static final String SUPPORT = "dev.routec.bindings";
    static final ClassName POLICY_MAPS = ClassName.get(SUPPORT, "PolicyMaps");
    static final ClassName SET_TABLE = ClassName.get(SUPPORT, "SetTable");
    static final ClassName MAP_TABLE = ClassName.get(SUPPORT, "MapTable");
    static final ClassName POOL_TABLE = ClassName.get(SUPPORT, "PoolTable");
    static final ClassName COUNTER_TABLE = ClassName.get(SUPPORT, "CounterTable");
    static final ClassName CODEC = ClassName.get(SUPPORT, "Codec");
    static final ClassName BPF_OBJECT = ClassName.get("dev.routec.runtime", "BpfObject");
    static final ClassName COUNTER = ClassName.get(MapLayout.Counter.class);
    static final ClassName STRING = ClassName.get(String.class);
    static final ClassName LIST = ClassName.get("java.util", "List");
    static final ClassName MAP = ClassName.get("java.util", "Map");
    static final ClassName COLLECTION = ClassName.get("java.util", "Collection");
    static final ClassName OPTIONAL = ClassName.get("java.util", "Optional");

    /** The Java type of one value of {@code t}: String, int or long. */
    static TypeName java(Type t) {
        return switch (t) {
            case IPV4, IPV6, PREFIX4, PREFIX6, MAC -> STRING;
            case PORT, U8, U16 -> TypeName.INT;
            case U32, U64 -> TypeName.LONG;
            default -> throw new InternalCompilerError("no Java binding type for " + t);
        };
    }

    static TypeName boxed(Type t) {
        return java(t).box();
    }

    static TypeName listOf(TypeName t) {
        return ParameterizedTypeName.get(LIST, t);
    }

    static TypeName collectionOf(TypeName t) {
        return ParameterizedTypeName.get(COLLECTION, t);
    }

    /** The {@code Codec} constant of {@code t}. */
    static CodeBlock codec(Type t) {
        return CodeBlock.of("$T.$N", CODEC, t.name());
    }

    /** The parameter name of one element of a set of {@code t}. */
    static String elemName(Type t) {
        return switch (t) {
            case IPV4, IPV6 -> "address";
            case PREFIX4, PREFIX6 -> "prefix";
            case PORT -> "port";
            case MAC -> "mac";
            default -> "value";
        };
    }

    /** The parameter name of several elements of a set of {@code t}. */
    static String elemsName(Type t) {
        String one = elemName(t);
        return one.equals("address") ? "addresses" : one.equals("prefix") ? "prefixes" : one + "s";
    }

    static boolean isPrefix(Type t) {
        return t == Type.PREFIX4 || t == Type.PREFIX6;
    }

    /** A Java literal of the constant {@code e} of type {@code t} (a map's default). */
    static CodeBlock literal(Type t, Elem e) {
        TypeName j = java(t);
        if (j.equals(STRING)) return CodeBlock.of("$S", e.toString());
        long v = ((Elem.Int) e).value();
        if (j.equals(TypeName.INT)) return CodeBlock.of("$L", v);
        return CodeBlock.of("$L", v < 0 ? "0x" + Long.toHexString(v) + "L" : v + "L");
    }

    /** How a declaration's type is written in the language (map values: {@code mark} is u32). */
    static String word(Type t) {
        return t.name().toLowerCase(Locale.ROOT);
    }
}
