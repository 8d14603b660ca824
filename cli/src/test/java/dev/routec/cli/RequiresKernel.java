package dev.routec.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs a kernel where BPF can be loaded and attached (and, with {@code netns = true}, the
 * {@code ip}/{@code ping}/{@code tc} tools). Skipped where that is impossible, failed instead when
 * {@code routec.require.kernel=1} (the runtime module's pattern).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KernelCondition.class)
@Tag("kernel")
public @interface RequiresKernel {
    boolean netns() default false;
}
