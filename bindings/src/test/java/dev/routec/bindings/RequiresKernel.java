package dev.routec.bindings;

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
 * A test that needs a kernel where BPF can be loaded: skipped where that is impossible, failed
 * instead when {@link KernelRequirement#required()} ({@code -Droutec.require.kernel=1} or {@code
 * ROUTEC_REQUIRE_KERNEL=1}). The same policy as the runtime's {@code RequiresKernel}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresKernel.Condition.class)
@Tag("kernel")
@interface RequiresKernel {
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<String> why = KernelRequirement.unavailable();
            if (why.isEmpty()) return ConditionEvaluationResult.enabled("kernel BPF available");
            if (KernelRequirement.required())
                throw new IllegalStateException(KernelRequirement.failureMessage(why.get()));
            return ConditionEvaluationResult.disabled("kernel BPF unavailable: " + why.get());
        }
    }
}
