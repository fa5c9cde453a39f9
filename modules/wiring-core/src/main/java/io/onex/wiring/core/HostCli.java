package io.onex.wiring.core;

import io.onex.contract.ContractLoader;
import io.onex.contract.LoadOptions;
import io.onex.contract.LoadedContract;
import io.onex.host.api.ContractValidationException;
import io.onex.host.api.OnexException;
import io.onex.host.api.contract.ContractProblem;
import io.onex.host.core.HandlerRegistry;
import io.onex.host.core.runtime.CodeNodes;
import io.onex.secrets.EnvironmentVariables;
import io.onex.wiring.core.internal.Wiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code onex-host} command line of a composed host ({@link HostComposition#cli}): it parses
 * with the picocli {@link CommandTree} and runs the command named.
 *
 * <pre>
 * onex-host run CONTRACT [--stdio] [--lenient] [--log-level LEVEL]
 * onex-host dev CONTRACT [--stdio] [--lenient] [--log-level LEVEL]
 * onex-host validate CONTRACT... [--lenient]
 * onex-host describe CONTRACT [--lenient]
 * onex-host schema runtime|node
 * onex-host help [COMMAND] | completion | --version | --help
 * </pre>
 * Every command also takes {@code -h}/{@code --help}. Exit codes: 0 ok, 1 invalid contract or
 * start-up failure, 2 usage (the message, any "did you mean", and the command's usage on standard
 * error).
 */
final class HostCli {

    static final int OK = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    private HostCli() {
    }

    /**
     * Runs the command line with what {@code wiring} can build, writing to {@code out} and
     * {@code err}, and returns the exit code.
     */
    static int run(Wiring wiring, String[] args, PrintStream out, PrintStream err) {
        HandlerRegistry handlers = wiring.handlers();
        CommandLine line = CommandTree.create(version());
        PrintWriter outWriter = new PrintWriter(out, true);
        line.setOut(outWriter);
        line.setErr(new PrintWriter(err, true));
        line.setExecutionStrategy(parsed -> dispatch(wiring, line, parsed, out, err));
        line.setParameterExceptionHandler((e, given) -> UsageError.report(e, err));
        line.setExecutionExceptionHandler((e, where, parsed) -> defect(e, err));
        try {
            return line.execute(args);
        } finally {
            outWriter.flush();
        }
    }

    private static int dispatch(Wiring wiring, CommandLine line, ParseResult parsed, PrintStream out,
            PrintStream err) {
        HandlerRegistry handlers = wiring.handlers();
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        if (!parsed.hasSubcommand()) {
            throw new ParameterException(line, "no command given");
        }
        ParseResult command = parsed.subcommand();
        return switch (command.commandSpec().name()) {
            case CommandTree.RUN -> HostCommand.run(wiring, Arguments.of(Arguments.Command.RUN, command), err);
            case CommandTree.DEV -> HostCommand.run(wiring, Arguments.of(Arguments.Command.DEV, command), err);
            case CommandTree.VALIDATE -> validate(handlers, Arguments.of(Arguments.Command.VALIDATE, command), out,
                    err);
            case CommandTree.DESCRIBE -> describe(wiring, Arguments.of(Arguments.Command.DESCRIBE, command), out,
                    err);
            case CommandTree.SCHEMA -> SchemaCommand.run(command, handlers.factories(), out);
            case CommandTree.HELP -> help(line, command);
            case CommandTree.COMPLETION -> {
                out.print(Completion.script(line));
                yield OK;
            }
            case CommandTree.VERSION -> {
                line.printVersionHelp(line.getOut());
                yield OK;
            }
            default -> throw new IllegalStateException("no action for command " + command.commandSpec().name());
        };
    }

    /**
     * Reports a defect, not a user error: says which, never the message (it may hold anything), and
     * returns {@link #INVALID} so that the host exits rather than leave a half-started host running
     * on its other threads.
     */
    static int defect(Exception e, PrintStream err) {
        err.println("onex-host: unexpected failure (" + e.getClass().getName() + "); exiting");
        return INVALID;
    }

    /** {@code help [COMMAND]}: the usage of onex-host or of one command, on standard output. */
    private static int help(CommandLine line, ParseResult help) {
        List<String> named = Arguments.words(help);
        CommandLine target = named.isEmpty() ? line : line.getSubcommands().get(named.getFirst());
        if (target == null) {
            throw new UnmatchedArgumentException(line, named);
        }
        target.usage(line.getOut(), line.getColorScheme());
        return OK;
    }

    private static int validate(HandlerRegistry handlers, Arguments arguments, PrintStream out, PrintStream err) {
        int code = OK;
        for (String file : arguments.contracts()) {
            try {
                LoadedContract loaded = load(handlers, file, arguments.lenient(), true);
                printWarnings(loaded.warnings(), err);
                List<String> unmatched = CodeNodes.problems(loaded.contract(), handlers);
                if (!unmatched.isEmpty()) {
                    // The line `run` refuses to start with (Wiring.check), so both commands say the same.
                    err.println("onex-host: " + loaded.contract().source() + ": " + String.join("; ", unmatched));
                    err.println("invalid: " + file + " (" + unmatched.size() + " errors)");
                    code = INVALID;
                    continue;
                }
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

    private static int describe(Wiring wiring, Arguments arguments, PrintStream out, PrintStream err) {
        HandlerRegistry handlers = wiring.handlers();
        String file = arguments.contracts().getFirst();
        try {
            LoadedContract loaded = load(handlers, file, arguments.lenient(), true);
            printWarnings(loaded.warnings(), err);
            out.println(Description.of(loaded.contract(), wiring));
            return OK;
        } catch (ContractValidationException e) {
            printProblems(e.problems(), err);
            return INVALID;
        }
    }

    static LoadedContract load(HandlerRegistry handlers, String file, boolean lenient, boolean validateOnly) {
        return ContractLoader.create(handlers, EnvironmentVariables.system(), new LoadOptions(lenient, validateOnly))
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
        try (InputStream in = HostCli.class.getResourceAsStream("version.properties")) {
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
