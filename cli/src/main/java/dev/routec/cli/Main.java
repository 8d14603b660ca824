package dev.routec.cli;

import dev.routec.compiler.diag.InternalCompilerError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The routec command line: the only code that prints or exits. */
@Command(
        name = "routec",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        version = "routec 0.1.0",
        description = "Compile routing policies (.route) to eBPF for XDP and TC, test and run them.",
        subcommands = {
            CheckCommand.class,
            CompileCommand.class,
            EvalCommand.class,
            RunCommand.class,
            BenchCommand.class,
            TestCommand.class,
            DeployCommand.class,
            UndeployCommand.class,
            StatusCommand.class,
            MapCommand.class,
            StatsCommand.class,
            TraceCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code (used by tests too). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(Main::exitCode);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("routec: " + ex.getMessage());
            err.println("try `routec " + ex.getCommandLine().getCommandName() + " --help`");
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.println(message(ex));
            err.flush();
            return exitCode(ex);
        });
        if (args.length == 0) {
            cl.usage(out);
            return ExitCode.USAGE;
        }
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int exitCode(Throwable ex) {
        if (ex instanceof UserError u) return u.exitCode();
        return ExitCode.INTERNAL;
    }

    private static String message(Throwable ex) {
        if (ex instanceof UserError u) return "routec: " + u.getMessage();
        String what = ex instanceof InternalCompilerError ? ex.getMessage() : ex.toString();
        StringBuilder sb = new StringBuilder("routec: internal error: " + what + "\n");
        sb.append("this is a bug in routec; please report it with the input that caused it");
        if (System.getenv("ROUTEC_DEBUG") != null) {
            java.io.StringWriter sw = new java.io.StringWriter();
            ex.printStackTrace(new PrintWriter(sw));
            sb.append('\n').append(sw);
        } else sb.append(" (set ROUTEC_DEBUG=1 for the stack trace)");
        return sb.toString();
    }
}
