package dev.routec.cli;

import dev.routec.runtime.KernelRequirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** The JUnit side of {@link KernelRequirement}: enable, skip, or (when required) fail. */
public final class KernelCondition implements ExecutionCondition {
    private static final List<String> NETNS_TOOLS = List.of("ip", "ping", "tc", "clang");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean netns = context.getElement()
                .flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresKernel.class))
                .map(RequiresKernel::netns)
                .orElse(false);
        Optional<String> why = KernelRequirement.unavailable().or(() -> netns ? missingTools() : Optional.empty());
        if (why.isEmpty()) return ConditionEvaluationResult.enabled("kernel BPF available");
        if (KernelRequirement.required()) throw new IllegalStateException(KernelRequirement.failureMessage(why.get()));
        return ConditionEvaluationResult.disabled("kernel BPF unavailable: " + why.get());
    }

    private static Optional<String> missingTools() {
        return NETNS_TOOLS.stream()
                .filter(t -> !onPath(t))
                .findFirst()
                .map(t -> "'" + t + "' not found (apt-get install -y iproute2 iputils-ping clang)");
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
