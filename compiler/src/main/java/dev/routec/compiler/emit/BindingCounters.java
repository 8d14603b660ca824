package dev.routec.compiler.emit;

import static dev.routec.compiler.emit.BindingTypes.COUNTER;
import static dev.routec.compiler.emit.BindingTypes.STRING;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.routec.compiler.check.CheckedPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The counters part of a policy class: the {@code Rule} enum (one constant per rule, in id order,
 * the default last) and the methods that read {@code rt_counters} by rule or by rule name.
 */
final class BindingCounters {
    private BindingCounters() {}

    static TypeSpec ruleEnum(ClassName rule, CheckedPolicy p) {
        NameAllocator names = new NameAllocator();
        TypeSpec.Builder e = TypeSpec.enumBuilder(rule)
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc(
                        "The rules of policy {@code $L} in id order (the id of {@code rt_counters}), the default last.\n",
                        p.name());
        String dflt = names.newName("DEFAULT", "default");
        for (CheckedPolicy.Rule r : p.rules()) {
            e.addEnumConstant(
                    names.newName(JavaBindings.constant(r.name()), r),
                    TypeSpec.anonymousClassBuilder("$L, $S", r.id(), r.name())
                            .addJavadoc(
                                    "{@code rule $L} (line $L).\n",
                                    r.name(),
                                    r.span().line())
                            .build());
        }
        e.addEnumConstant(
                dflt,
                TypeSpec.anonymousClassBuilder("$L, $S", p.dflt().id(), p.dflt().name())
                        .addJavadoc("The policy's {@code default}.\n")
                        .build());
        return e.addField(TypeName.INT, "id", Modifier.PRIVATE, Modifier.FINAL)
                .addField(STRING, "ruleName", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder()
                        .addParameter(TypeName.INT, "id")
                        .addParameter(STRING, "ruleName")
                        .addStatement("this.$N = $N", "id", "id")
                        .addStatement("this.$N = $N", "ruleName", "ruleName")
                        .build())
                .addMethod(MethodSpec.methodBuilder("id")
                        .addJavadoc("The rule id: its index among the rules, the default's is the number of rules.\n")
                        .addModifiers(Modifier.PUBLIC)
                        .returns(TypeName.INT)
                        .addStatement("return $N", "id")
                        .build())
                .addMethod(MethodSpec.methodBuilder("ruleName")
                        .addJavadoc("The rule's name in the policy ({@code default} for the default).\n")
                        .addModifiers(Modifier.PUBLIC)
                        .returns(STRING)
                        .addStatement("return $N", "ruleName")
                        .build())
                .addMethod(named(rule, p))
                .build();
    }

    private static MethodSpec named(ClassName rule, CheckedPolicy p) {
        List<String> all = new ArrayList<>();
        p.rules().forEach(r -> all.add(r.name()));
        all.add(p.dflt().name());
        return MethodSpec.methodBuilder("named")
                .addJavadoc(
                        "The rule named {@code name}.\n\n@throws IllegalArgumentException if the policy has no such rule\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(rule)
                .addParameter(STRING, "name")
                .beginControlFlow("for ($T r : values())", rule)
                .beginControlFlow("if (r.$N.equals($N))", "ruleName", "name")
                .addStatement("return r")
                .endControlFlow()
                .endControlFlow()
                .addStatement(
                        "throw new $T($S + $N + $S)",
                        IllegalArgumentException.class,
                        "policy " + p.name() + " has no rule ",
                        "name",
                        "; its rules are " + String.join(", ", all))
                .build();
    }

    static List<MethodSpec> methods(ClassName rule) {
        TypeName byName = ParameterizedTypeName.get(BindingTypes.MAP, STRING, COUNTER);
        return List.of(
                MethodSpec.methodBuilder("counter")
                        .addJavadoc(
                                "The counters of {@code rule} (packets, bytes, limited, pool_empty), summed over the CPUs.\n")
                        .addModifiers(Modifier.PUBLIC)
                        .returns(COUNTER)
                        .addParameter(rule, "rule")
                        .addStatement("return $N.read($N.id())", "counterTable", "rule")
                        .build(),
                MethodSpec.methodBuilder("counter")
                        .addJavadoc(
                                "The counters of the rule named {@code rule} ({@code \"default\"} for the default).\n")
                        .addModifiers(Modifier.PUBLIC)
                        .returns(COUNTER)
                        .addParameter(STRING, "rule")
                        .addStatement("return counter($T.named($N))", rule, "rule")
                        .build(),
                MethodSpec.methodBuilder("counters")
                        .addJavadoc("Every rule's counters by rule name, in rule order, the default last.\n")
                        .addModifiers(Modifier.PUBLIC)
                        .returns(byName)
                        .addStatement("$T all = new $T<>()", byName, LinkedHashMap.class)
                        .beginControlFlow("for ($T r : $T.values())", rule, rule)
                        .addStatement("all.put(r.ruleName(), counter(r))")
                        .endControlFlow()
                        .addStatement("return all")
                        .build(),
                MethodSpec.methodBuilder("resetCounters")
                        .addJavadoc("Sets every counter of every CPU to zero.\n")
                        .addModifiers(Modifier.PUBLIC)
                        .addStatement("$N.reset()", "counterTable")
                        .build());
    }
}
