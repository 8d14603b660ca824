package dev.routec.runtime;

import java.util.Optional;

/**
 * The policy for tests that need the kernel, shared by every module's tests (no JUnit dependency
 * here): such a test runs when {@link #unavailable()} is empty; otherwise it is skipped, unless {@link
 * #required()} (CI), when it must fail.
 */
public final class KernelRequirement {
    /** System property; "1" or "true" makes kernel tests fail instead of skipping. */
    public static final String PROPERTY = "routec.require.kernel";
    /** Environment variable with the same meaning (set by .ci/run). */
    public static final String ENV = "ROUTEC_REQUIRE_KERNEL";

    private KernelRequirement() {}

    /** Why kernel tests cannot run here, or empty if they can. */
    public static Optional<String> unavailable() {
        return Bpf.kernelAvailable();
    }

    /** Whether kernel tests must run (and so fail rather than skip when the kernel is unavailable). */
    public static boolean required() {
        return isOn(System.getProperty(PROPERTY)) || isOn(System.getenv(ENV));
    }

    /** The text for a kernel test that cannot run although required. */
    public static String failureMessage(String reason) {
        return "kernel tests are required (" + PROPERTY + "=1 / " + ENV + "=1) but cannot run: " + reason;
    }

    static boolean isOn(String value) {
        return value != null && (value.strip().equals("1") || value.strip().equalsIgnoreCase("true"));
    }
}
