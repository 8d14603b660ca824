package dev.routec.bindings;

import com.palantir.javapoet.JavaFile;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources in memory with {@code javax.tools.JavaCompiler} against the test classpath
 * (the support library, the compiler and the runtime), with every lint warning an error, and loads
 * the classes with a fresh class loader whose parent is the test's.
 */
final class InMemoryJavac {
    private InMemoryJavac() {}

    /** A source: fully qualified class name and text. */
    record Source(String className, String text) {
        static Source of(JavaFile f) {
            String pkg = f.packageName();
            String name = f.typeSpec().name();
            return new Source(pkg.isEmpty() ? name : pkg + "." + name, f.toString());
        }
    }

    static ClassLoader compile(List<Source> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new TreeMap<>();
        StandardJavaFileManager std = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8);
        JavaFileManager files = new ForwardingJavaFileManager<>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                    Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(className, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        for (Source s : sources) {
            URI uri = URI.create("mem:///" + s.className().replace('.', '/') + ".java");
            units.add(new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return s.text();
                }
            });
        }
        List<String> options =
                List.of("--release", "21", "-Xlint:all", "-Werror", "-classpath", classpath(), "-proc:none");
        boolean ok = javac.getTask(null, files, diags, options, null, units).call();
        if (!ok || !diags.getDiagnostics().isEmpty()) {
            StringBuilder sb = new StringBuilder("generated bindings do not compile cleanly:\n");
            for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                sb.append(d.getKind())
                        .append(' ')
                        .append(d.getSource() == null ? "" : d.getSource().getName())
                        .append(':')
                        .append(d.getLineNumber())
                        .append(": ")
                        .append(d.getMessage(Locale.ROOT))
                        .append('\n');
            }
            throw new AssertionError(sb.toString());
        }
        return new ClassLoader(InMemoryJavac.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream b = classes.get(name);
                if (b == null) throw new ClassNotFoundException(name);
                byte[] bytes = b.toByteArray();
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
    }

    /** Surefire runs tests from a manifest-only jar; its real classpath is in this property. */
    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
