package dev.routec.tests;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs a kernel where BPF can be loaded and attached, and the tools of network
 * namespace tests ({@code ip}, {@code tc}, {@code ping}, {@code curl}, {@code python3}, {@code clang}).
 * Skipped where that is impossible, failed instead when {@code routec.require.kernel=1}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KernelCondition.class)
@Tag("kernel")
@interface RequiresKernel {}
