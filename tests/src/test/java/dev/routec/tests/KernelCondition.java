package dev.routec.tests;

import dev.routec.runtime.KernelRequirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The JUnit side of {@link KernelRequirement} (the runtime module's pattern): enable, skip or fail. */
final class KernelCondition implements ExecutionCondition {
    private static final List<String> TOOLS = List.of("ip", "tc", "ping", "curl", "python3", "clang");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> why = KernelRequirement.unavailable().or(KernelCondition::missingTools);
        if (why.isEmpty()) return ConditionEvaluationResult.enabled("kernel BPF available");
        if (KernelRequirement.required()) throw new IllegalStateException(KernelRequirement.failureMessage(why.get()));
        return ConditionEvaluationResult.disabled("kernel BPF unavailable: " + why.get());
    }

    private static Optional<String> missingTools() {
        return TOOLS.stream()
                .filter(t -> !onPath(t))
                .findFirst()
                .map(t -> "'" + t + "' not found (scripts/setup.sh installs it)");
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
