package dev.routec.compiler.diag;

/** A bug in routec, never a user's mistake: exit 4 with a request to report it. */
public final class InternalCompilerError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InternalCompilerError(String message) {
        super(message);
    }

    public InternalCompilerError(String message, Throwable cause) {
        super(message, cause);
    }
}
