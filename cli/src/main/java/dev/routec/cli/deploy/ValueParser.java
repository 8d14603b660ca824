package dev.routec.cli.deploy;

import dev.routec.cli.ExitCode;
import dev.routec.cli.UserError;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.Defs;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.diag.Diagnostic;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Values typed on the command line ({@code routec map}), checked by the compiler itself: each value
 * is placed in the initial contents of a one-declaration policy of the target's type and run through
 * the front end, so the CLI accepts exactly what a {@code .route} file accepts and reports the same
 * diagnostics (a prefix with host bits set is an error whose help shows the masked prefix).
 */
public final class ValueParser {
    /** Literal characters only: no braces, commas, quotes or spaces can reach the synthetic source. */
    private static final Pattern SAFE = Pattern.compile("[0-9A-Za-z.:/\\[\\]_-]{1,100}");

    private static final int MAX_CAPACITY = 16_777_216;

    private ValueParser() {}

    /** Elements of a set of {@code type} (ranges of integer types expanded). */
    public static List<Elem> setElements(Defs.SetDef set, List<String> values) {
        return parse(
                        values,
                        v -> "set v : " + set.elemType().text + " capacity " + MAX_CAPACITY + " = {" + v + "}",
                        "set `" + set.name() + "` (" + set.elemType().text + ")")
                .sets()
                .get(0)
                .initial();
    }

    /** Keys of a map (for {@code del}). */
    public static List<Elem> mapKeys(Defs.MapDef map, List<String> keys) {
        return parse(
                        keys,
                        v -> "set v : " + map.keyType().text + " capacity " + MAX_CAPACITY + " = {" + v + "}",
                        "key of map `" + map.name() + "` (" + map.keyType().text + ")")
                .sets()
                .get(0)
                .initial();
    }

    /** Members of a pool. */
    public static List<Elem> poolMembers(Defs.PoolDef pool, List<String> values) {
        String type = pool.withPort() ? "ipv4:port" : "ipv4";
        return parse(
                        values,
                        v -> "pool v : " + type + " capacity " + MAX_CAPACITY + " = {" + v + "}",
                        "member of pool `" + pool.name() + "` (" + type + ")")
                .pools()
                .get(0)
                .initial();
    }

    /**
     * Entries {@code key=value} or {@code key:value} of a map. With {@code :} every split point is tried
     * (keys and values may contain colons: IPv6, MAC); exactly one must check, or the entry is ambiguous.
     */
    public static List<Defs.MapEntry> mapEntries(Defs.MapDef map, List<String> entries) {
        List<Defs.MapEntry> out = new ArrayList<>();
        String what = "entry of map `" + map.name() + "` (" + map.keyType().text + " -> " + map.valueType().text + ")";
        for (String e : entries) {
            List<String[]> splits = new ArrayList<>();
            int eq = e.indexOf('=');
            if (eq >= 0) splits.add(new String[] {e.substring(0, eq), e.substring(eq + 1)});
            else
                for (int i = e.indexOf(':'); i >= 0; i = e.indexOf(':', i + 1))
                    splits.add(new String[] {e.substring(0, i), e.substring(i + 1)});
            if (splits.isEmpty())
                throw new UserError(ExitCode.INPUT, "`" + e + "` is not a map entry; write KEY=VALUE (or KEY:VALUE)");
            List<Defs.MapEntry> ok = new ArrayList<>();
            UserError first = null;
            for (String[] kv : splits) {
                try {
                    ok.add(one(map, kv[0], kv[1], what));
                } catch (UserError u) {
                    if (first == null) first = u;
                }
            }
            if (ok.size() == 1) out.add(ok.get(0));
            else if (ok.isEmpty()) throw first;
            else throw new UserError(ExitCode.INPUT, "`" + e + "` can be read several ways; write it as KEY=VALUE");
        }
        return out;
    }

    private static Defs.MapEntry one(Defs.MapDef map, String k, String v, String what) {
        CheckedPolicy p = parse(
                List.of(k + ": " + v),
                x -> "map v : " + map.keyType().text + " -> " + map.valueType().text + " capacity " + MAX_CAPACITY
                        + " = {" + x + "}",
                what);
        return p.maps().get(0).initial().get(0);
    }

    private interface Decl {
        String of(String contents);
    }

    /** Checks all values in one synthetic policy; on error, each alone to name the culprit. */
    private static CheckedPolicy parse(List<String> values, Decl decl, String what) {
        if (values.isEmpty()) throw new UserError(ExitCode.USAGE, "give at least one value");
        for (String v : values) {
            for (String part : v.split(": ", 2)) {
                if (!SAFE.matcher(part).matches())
                    throw new UserError(ExitCode.INPUT, "`" + v + "` is not a valid " + what);
            }
        }
        Optional<CheckedPolicy> all = check(String.join(", ", values), decl);
        if (all.isPresent()) return all.get();
        for (String v : values) {
            Frontend.Result r = Frontend.check(source(decl.of(v)));
            if (!r.ok()) throw new UserError(ExitCode.INPUT, "`" + v + "` is not a valid " + what + ": " + explain(r));
        }
        throw new UserError(ExitCode.INPUT, "these values do not fit one " + what);
    }

    private static Optional<CheckedPolicy> check(String contents, Decl decl) {
        Frontend.Result r = Frontend.check(source(decl.of(contents)));
        return r.ok() && r.policies().size() == 1 ? Optional.of(r.policies().get(0)) : Optional.empty();
    }

    private static SourceFile source(String decl) {
        return new SourceFile("<command line>", "policy routec_value {\n  " + decl + "\n}\n");
    }

    private static String explain(Frontend.Result r) {
        Diagnostic d = r.diags().sorted().stream()
                .filter(Diagnostic::isError)
                .findFirst()
                .orElseThrow();
        StringBuilder sb = new StringBuilder(d.message());
        d.help().forEach(h -> sb.append("; help: ").append(h));
        return sb.toString();
    }
}
