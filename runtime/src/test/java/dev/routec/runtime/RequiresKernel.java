package dev.routec.runtime;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that needs a kernel where BPF can be loaded (and, with {@code netns = true}, the
 * {@code ip}/{@code ping}/{@code tc} tools for network namespaces). Skipped where that is impossible,
 * failed instead when {@link KernelRequirement#required()}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KernelCondition.class)
@Tag("kernel")
public @interface RequiresKernel {
    boolean netns() default false;
}
