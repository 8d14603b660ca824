package dev.routec.compiler.parse;

import dev.routec.compiler.source.SourceFile;
import dev.routec.compiler.source.Span;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Optional;

/**
 * Structural equality of AST values that ignores positions: records are compared component by
 * component, except {@link Span}s and {@link SourceFile}s; lists and optionals element by element.
 */
final class AstEquality {
    private AstEquality() {}

    /** The path to the first difference between two ASTs, or null when they are equal modulo spans. */
    static String diff(Object a, Object b) {
        return diff(a, b, "");
    }

    private static String diff(Object a, Object b, String path) {
        if (a instanceof Span || a instanceof SourceFile) return null;
        if (a == null || b == null) return a == b ? null : path + ": " + a + " vs " + b;
        if (a.getClass() != b.getClass())
            return path + ": " + a.getClass().getSimpleName() + " vs "
                    + b.getClass().getSimpleName();
        if (a instanceof List<?> x) return list(x, (List<?>) b, path);
        if (a instanceof Optional<?> x) {
            Optional<?> y = (Optional<?>) b;
            if (x.isPresent() != y.isPresent()) return path + ": " + x + " vs " + y;
            return x.isPresent() ? diff(x.get(), y.get(), path) : null;
        }
        if (a.getClass().isRecord()) return record(a, b, path);
        return a.equals(b) ? null : path + ": " + a + " vs " + b;
    }

    private static String list(List<?> x, List<?> y, String path) {
        if (x.size() != y.size()) return path + ": " + x.size() + " elements vs " + y.size();
        for (int i = 0; i < x.size(); i++) {
            String d = diff(x.get(i), y.get(i), path + "[" + i + "]");
            if (d != null) return d;
        }
        return null;
    }

    private static String record(Object a, Object b, String path) {
        for (RecordComponent c : a.getClass().getRecordComponents()) {
            if (c.getType() == Span.class || c.getType() == SourceFile.class) continue;
            try {
                String d = diff(
                        c.getAccessor().invoke(a),
                        c.getAccessor().invoke(b),
                        path + "/" + a.getClass().getSimpleName() + "." + c.getName());
                if (d != null) return d;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }
}
