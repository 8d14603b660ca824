package dev.routec.compiler.backend;

/** clang could not be run, or rejected the generated C. */
public final class ClangException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Whether clang is missing (an environment problem) rather than failing. */
    private final boolean missing;

    private final String output;

    public ClangException(String message, boolean missing, String output) {
        super(message);
        this.missing = missing;
        this.output = output;
    }

    public boolean missing() {
        return missing;
    }

    /** clang's diagnostics (standard error), possibly empty. */
    public String output() {
        return output;
    }
}
