package dev.routec.tests;

import dev.routec.runtime.KernelRequirement;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Kernel tests: skipped where BPF cannot be used, but failing instead when kernel tests are
 * required ({@code -Droutec.require.kernel=1} or {@code ROUTEC_REQUIRE_KERNEL=1}, as CI sets).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("kernel")
@ExtendWith(KernelAvailable.Condition.class)
public @interface KernelAvailable {
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<String> why = KernelRequirement.unavailable();
            if (why.isEmpty()) return ConditionEvaluationResult.enabled("BPF is available");
            if (KernelRequirement.required())
                throw new IllegalStateException(KernelRequirement.failureMessage(why.get()));
            return ConditionEvaluationResult.disabled("kernel tests skipped: " + why.get());
        }
    }
}
