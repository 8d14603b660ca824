package dev.routec.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.emit.JavaBindings;
import dev.routec.runtime.BpfObject;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The generated bindings of every golden case and every example compile with {@code javac
 * -Xlint:all -Werror} against the support library and runtime, and have the promised shape.
 */
class GeneratedBindingsCompileTest {

    @TestFactory
    Stream<DynamicTest> everyPolicyCompiles() {
        List<Path> sources = Policies.sources();
        assertTrue(sources.size() >= 8, "sources: " + sources);
        return sources.stream()
                .map(f -> DynamicTest.dynamicTest(Policies.root().relativize(f).toString(), () -> {
                    List<JavaFile> files = Policies.bindings(f);
                    ClassLoader loader = InMemoryJavac.compile(
                            files.stream().map(InMemoryJavac.Source::of).toList());
                    for (JavaFile jf : files)
                        shape(loader.loadClass(
                                jf.packageName() + "." + jf.typeSpec().name()));
                }));
    }

    private static void shape(Class<?> c) throws NoSuchMethodException {
        assertTrue(Modifier.isFinal(c.getModifiers()) && Modifier.isPublic(c.getModifiers()), c + " public final");
        assertTrue(AutoCloseable.class.isAssignableFrom(c), c + " is AutoCloseable");
        assertEquals(c, c.getMethod("open", BpfObject.class).getReturnType());
        assertEquals(c, c.getMethod("openPinned").getReturnType());
        assertEquals(c, c.getMethod("openPinned", Path.class).getReturnType());
        assertEquals(0, Arrays.stream(c.getConstructors()).count(), c + " has no public constructor");
        for (Class<?> nested : c.getDeclaredClasses()) {
            if (nested.isEnum()) continue;
            int m = nested.getModifiers();
            assertTrue(
                    Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m),
                    nested + " public static final");
            assertEquals(0, nested.getConstructors().length, nested + " has no public constructor");
        }
    }

    @Test
    void ruleEnumFollowsRuleIds() throws Exception {
        String src = "policy p { rule a when tcp do drop  rule b_c when udp do pass  default drop }";
        List<CheckedPolicy> ps = Policies.check("p.route", src);
        JavaFile f = JavaBindings.generate(ps, "p.route", Policies.PACKAGE).get(0);
        ClassLoader loader = InMemoryJavac.compile(List.of(InMemoryJavac.Source.of(f)));
        Class<?> rule = loader.loadClass(Policies.PACKAGE + ".PPolicy$Rule");
        List<String> names = new ArrayList<>();
        for (Object r : rule.getEnumConstants()) {
            names.add(r + "=" + rule.getMethod("id").invoke(r) + ":"
                    + rule.getMethod("ruleName").invoke(r));
        }
        assertEquals(List.of("A=0:a", "B_C=1:b_c", "DEFAULT=2:default"), names);
        Method named = rule.getMethod("named", String.class);
        assertEquals("B_C", named.invoke(null, "b_c").toString());
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                java.lang.reflect.InvocationTargetException.class, () -> named.invoke(null, "nope"));
        assertEquals(
                "policy p has no rule nope; its rules are a, b_c, default",
                e.getCause().getMessage());
    }

    @Test
    void packageNamesAreChecked() {
        assertTrue(JavaBindings.isPackageName("com.example.net"));
        assertFalse(JavaBindings.isPackageName("com.example.new"));
        assertFalse(JavaBindings.isPackageName("1com"));
        assertFalse(JavaBindings.isPackageName(""));
        assertFalse(JavaBindings.isPackageName("a..b"));
    }
}
