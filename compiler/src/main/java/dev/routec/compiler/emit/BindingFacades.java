package dev.routec.compiler.emit;

import static dev.routec.compiler.emit.BindingTypes.MAP;
import static dev.routec.compiler.emit.BindingTypes.OPTIONAL;
import static dev.routec.compiler.emit.BindingTypes.STRING;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.routec.compiler.check.Defs;
import dev.routec.compiler.check.Type;
import dev.routec.compiler.datapath.Maglev;
import javax.lang.model.element.Modifier;

/**
 * The typed facade of one set, map or pool: a final nested class whose methods take and return the
 * declaration's Java types and delegate to the support table ({@code SetTable}, {@code MapTable},
 * {@code PoolTable}), which validates and encodes.
 */
final class BindingFacades {
    private BindingFacades() {}

    private static final String TABLE = "table";

    static TypeSpec set(ClassName name, Defs.SetDef s, String mapName) {
        Type t = s.elemType();
        TypeName one = BindingTypes.java(t);
        TypeName many = BindingTypes.collectionOf(BindingTypes.boxed(t));
        String e = BindingTypes.elemName(t);
        String es = BindingTypes.elemsName(t);
        TypeName table = ParameterizedTypeName.get(BindingTypes.SET_TABLE, BindingTypes.boxed(t));
        TypeSpec.Builder b = facade(name, table, s.capacity());
        b.addJavadoc(
                "{@code set $L : $L capacity $L}: BPF map {@code $L} ($L).\n",
                s.name(),
                t.text,
                s.capacity(),
                mapName,
                BindingTypes.isPrefix(t) ? "LPM trie" : "hash");
        if (BindingTypes.isPrefix(t)) {
            b.addJavadoc("A bare address is a host prefix; a prefix with host bits set is rejected.\n");
        }
        b.addMethod(call("add", TypeName.VOID, "Adds {@code $N} (no effect if present).", one, e));
        b.addMethod(call(
                "addAll", TypeName.VOID, "Adds all {@code $N} in one batch, after validating every one.", many, es));
        b.addMethod(call("remove", TypeName.BOOLEAN, "Removes {@code $N}; false if it was absent.", one, e));
        b.addMethod(
                call("removeAll", TypeName.INT, "Removes all {@code $N}; returns how many were present.", many, es));
        b.addMethod(call("contains", TypeName.BOOLEAN, "True when exactly {@code $N} is in the set.", one, e));
        if (BindingTypes.isPrefix(t)) {
            b.addMethod(call(
                    "matches",
                    TypeName.BOOLEAN,
                    "True when a prefix of the set contains {@code $N} (longest-prefix match, as {@code in} does).",
                    STRING,
                    "address"));
        }
        b.addMethod(get("elements", BindingTypes.listOf(BindingTypes.boxed(t)), "The elements, sorted."));
        b.addMethod(get("size", TypeName.INT, "The number of elements."));
        b.addMethod(get("clear", TypeName.VOID, "Removes every element."));
        b.addMethod(call(
                "replace",
                TypeName.VOID,
                "Makes the set hold exactly {@code $N} (adds first, then removes).",
                many,
                es));
        return b.build();
    }

    static TypeSpec map(ClassName name, Defs.MapDef m, String mapName) {
        Type kt = m.keyType();
        Type vt = m.valueType();
        TypeName k = BindingTypes.java(kt);
        TypeName v = BindingTypes.java(vt);
        TypeName entries = ParameterizedTypeName.get(MAP, BindingTypes.boxed(kt), BindingTypes.boxed(vt));
        TypeName table =
                ParameterizedTypeName.get(BindingTypes.MAP_TABLE, BindingTypes.boxed(kt), BindingTypes.boxed(vt));
        TypeSpec.Builder b = facade(name, table, m.capacity());
        b.addJavadoc(
                "{@code map $L : $L -> $L capacity $L default $L}: BPF map {@code $L} ($L).\n",
                m.name(),
                kt.text,
                vt.text,
                m.capacity(),
                m.dflt(),
                mapName,
                BindingTypes.isPrefix(kt) ? "LPM trie" : "hash");
        b.addField(FieldSpec.builder(v, "DEFAULT", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("What an absent key reads as.\n")
                .initializer(BindingTypes.literal(vt, m.dflt()))
                .build());
        b.addMethod(MethodSpec.methodBuilder("put")
                .addJavadoc("Sets the value of {@code key}.\n")
                .addModifiers(Modifier.PUBLIC)
                .addParameter(k, "key")
                .addParameter(v, "value")
                .addStatement("$N.put($N, $N)", TABLE, "key", "value")
                .build());
        b.addMethod(call(
                "putAll",
                TypeName.VOID,
                "Sets all {@code $N} in one batch, after validating every one.",
                entries,
                "entries"));
        b.addMethod(call(
                "get",
                ParameterizedTypeName.get(OPTIONAL, BindingTypes.boxed(vt)),
                "The value stored under exactly {@code $N}, if any.",
                k,
                "key"));
        b.addMethod(
                call("lookup", v, "What the datapath reads for {@code $N}: its value or {@link #DEFAULT}.", k, "key"));
        if (BindingTypes.isPrefix(kt)) {
            b.addMethod(call(
                    "lookupAddress",
                    v,
                    "What {@code $2L[$1N]} reads: the value of the longest prefix containing {@code $1N}, or {@link #DEFAULT}.",
                    STRING,
                    "address",
                    m.name()));
        }
        b.addMethod(call("remove", TypeName.BOOLEAN, "Removes {@code $N}; false if it was absent.", k, "key"));
        b.addMethod(get("entries", entries, "Every entry, sorted by key."));
        b.addMethod(get("size", TypeName.INT, "The number of entries."));
        b.addMethod(get("clear", TypeName.VOID, "Removes every entry."));
        b.addMethod(call(
                "replace",
                TypeName.VOID,
                "Makes the map hold exactly {@code $N} (writes first, then removes).",
                entries,
                "entries"));
        return b.build();
    }

    static TypeSpec pool(ClassName name, Defs.PoolDef p, String members, String table, String addrs) {
        String form = p.withPort() ? "ipv4:port" : "ipv4";
        String example = p.withPort() ? "\"10.0.1.11:8080\"" : "\"10.0.1.11\"";
        TypeSpec.Builder b = facade(name, BindingTypes.POOL_TABLE, p.capacity());
        b.addJavadoc(
                "{@code pool $L : $L capacity $L}: BPF maps {@code $L}, {@code $L}, {@code $L}.\n",
                p.name(),
                form,
                p.capacity(),
                members,
                table,
                addrs);
        b.addJavadoc(
                "Members are written as text, e.g. {@code $L}; every change rewrites the member array, the Maglev\n"
                        + "table and the address index, in that order.\n",
                example);
        b.addField(FieldSpec.builder(TypeName.INT, "TABLE_SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Entries of the Maglev lookup table.\n")
                .initializer("$L", Maglev.tableSize(p.capacity()))
                .build());
        TypeName many = BindingTypes.collectionOf(STRING);
        b.addMethod(get("members", BindingTypes.listOf(STRING), "The members, in member-array order."));
        b.addMethod(call(
                "set",
                TypeName.VOID,
                "Makes {@code $N} the members (no duplicates, at most {@link #CAPACITY}).",
                many,
                "members"));
        b.addMethod(
                call("add", TypeName.BOOLEAN, "Adds {@code $N}; false if it already is a member.", STRING, "member"));
        b.addMethod(call(
                "remove", TypeName.BOOLEAN, "Removes {@code $N}; false if it was not a member.", STRING, "member"));
        b.addMethod(call("contains", TypeName.BOOLEAN, "True when {@code $N} is a member.", STRING, "member"));
        b.addMethod(call(
                "containsAddress",
                TypeName.BOOLEAN,
                "True when a member has address {@code $N} (what {@code dst in $L} tests).",
                STRING,
                "address",
                p.name()));
        b.addMethod(get("size", TypeName.INT, "The number of members."));
        b.addMethod(
                get("clear", TypeName.VOID, "Removes every member: the datapath then drops what it would send here."));
        return b.build();
    }

    private static TypeSpec.Builder facade(ClassName name, TypeName table, int capacity) {
        return TypeSpec.classBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addField(FieldSpec.builder(TypeName.INT, "CAPACITY", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The declared capacity.\n")
                        .initializer("$L", capacity)
                        .build())
                .addField(table, TABLE, Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PRIVATE)
                        .addParameter(table, TABLE)
                        .addStatement("this.$N = $N", TABLE, TABLE)
                        .build());
    }

    /** {@code public R name(T param) { [return] table.name(param); }} */
    private static MethodSpec call(String name, TypeName ret, String doc, TypeName type, String param, Object... more) {
        Object[] args = new Object[1 + more.length];
        args[0] = param;
        System.arraycopy(more, 0, args, 1, more.length);
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addJavadoc(doc + "\n", args)
                .addModifiers(Modifier.PUBLIC)
                .returns(ret)
                .addParameter(type, param);
        return (ret.equals(TypeName.VOID)
                        ? m.addStatement("$N.$N($N)", TABLE, name, param)
                        : m.addStatement("return $N.$N($N)", TABLE, name, param))
                .build();
    }

    /** {@code public R name() { [return] table.name(); }} */
    private static MethodSpec get(String name, TypeName ret, String doc) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name)
                .addJavadoc(doc + "\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(ret);
        return (ret.equals(TypeName.VOID)
                        ? m.addStatement("$N.$N()", TABLE, name)
                        : m.addStatement("return $N.$N()", TABLE, name))
                .build();
    }
}
