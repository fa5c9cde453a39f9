package io.onex.wiring;

import io.onex.host.api.ContractValidationException;
import io.onex.host.api.OnexException;
import io.onex.host.api.contract.ContractProblem;
import io.onex.host.core.contract.ContractLoader;
import io.onex.host.core.contract.LoadOptions;
import io.onex.host.core.contract.LoadedContract;
import io.onex.secrets.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The {@code onex-host} command line.
 *
 * <pre>
 * onex-host run CONTRACT [--stdio] [--lenient] [--log-level LEVEL]
 * onex-host dev CONTRACT [--stdio] [--lenient] [--log-level LEVEL]
 * onex-host validate CONTRACT... [--lenient]
 * onex-host describe CONTRACT [--lenient]
 * onex-host --version | --help
 * </pre>
 * Exit codes: 0 ok, 1 invalid contract or start-up failure, 2 usage.
 */
public final class Main {

    static final int OK = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: onex-host <command> [options]

            commands:
              run CONTRACT        run a runtime host in production mode (refuses the local handler)
              dev CONTRACT        run a runtime host for development (allows the local handler;
                                  refused when the environment variable ENVIRONMENT is prod)
              validate CONTRACT...  check contracts: schema and lint rules; non-zero on any error
              describe CONTRACT   print the wiring a contract would build, as JSON (secrets redacted)

            options:
              --stdio             (run, dev) read one envelope per line from standard input and
                                  write each response as one JSON line to standard output;
                                  at end of input, drain and exit 0
              --lenient           treat unknown contract fields as warnings instead of errors
              --log-level LEVEL   debug, info, warn or error (default info); logs go to standard error
              --version           print the version
              --help              print this help

            exit codes: 0 ok, 1 invalid contract or start-up failure, 2 usage
            """;

    private Main() {
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (RuntimeException e) {
            // A defect, not a user error: say which, never the message (it may hold anything), and
            // exit rather than leave a half-started host running on its other threads.
            System.err.println("onex-host: unexpected failure (" + e.getClass().getName() + "); exiting");
            code = INVALID;
        }
        System.exit(code);
    }

    /** Runs the command line, writing to {@code out} and {@code err}, and returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("onex-host: " + e.getMessage());
            err.println();
            err.print(USAGE_TEXT);
            return USAGE;
        }
        return switch (arguments.command()) {
            case HELP -> {
                out.print(USAGE_TEXT);
                yield OK;
            }
            case VERSION -> {
                out.println("onex-host " + version());
                yield OK;
            }
            case VALIDATE -> validate(arguments, out, err);
            case DESCRIBE -> describe(arguments, out, err);
            case RUN, DEV -> HostCommand.run(arguments, err);
        };
    }

    private static int validate(Arguments arguments, PrintStream out, PrintStream err) {
        int code = OK;
        for (String file : arguments.contracts()) {
            try {
                LoadedContract loaded = load(file, arguments.lenient(), true);
                printWarnings(loaded.warnings(), err);
                out.println("ok: " + file + " (runtime '" + loaded.contract().name() + "', "
                        + loaded.contract().nodes().size() + " nodes, " + loaded.contract().handlers().size()
                        + " handler bindings" + (loaded.warnings().isEmpty() ? "" : ", "
                        + loaded.warnings().size() + " warnings") + ")");
            } catch (ContractValidationException e) {
                printProblems(e.problems(), err);
                err.println("invalid: " + file + " (" + count(e.problems(), ContractProblem.Severity.ERROR)
                        + " errors)");
                code = INVALID;
            }
        }
        return code;
    }

    private static int describe(Arguments arguments, PrintStream out, PrintStream err) {
        String file = arguments.contracts().getFirst();
        try {
            LoadedContract loaded = load(file, arguments.lenient(), true);
            printWarnings(loaded.warnings(), err);
            out.println(Description.of(loaded.contract()));
            return OK;
        } catch (ContractValidationException e) {
            printProblems(e.problems(), err);
            return INVALID;
        }
    }

    static LoadedContract load(String file, boolean lenient, boolean validateOnly) {
        return ContractLoader.create(Environment.system(), new LoadOptions(lenient, validateOnly))
                .load(Path.of(file));
    }

    static void printWarnings(List<ContractProblem> warnings, PrintStream err) {
        for (ContractProblem warning : warnings) {
            err.println(warning.render());
        }
    }

    static void printProblems(List<ContractProblem> problems, PrintStream err) {
        List<ContractProblem> ordered = new ArrayList<>(problems);
        for (ContractProblem problem : ordered) {
            err.println(problem.render());
        }
    }

    private static long count(List<ContractProblem> problems, ContractProblem.Severity severity) {
        return problems.stream().filter(p -> p.severity() == severity).count();
    }

    /** Returns the build's version, e.g. {@code 0.1.0}. */
    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Returns the message of a start-up failure, safe to print. */
    static String describeFailure(OnexException e) {
        return e.code().name() + ": " + e.getMessage();
    }
}
