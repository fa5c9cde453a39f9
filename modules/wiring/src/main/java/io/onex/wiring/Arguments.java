package io.onex.wiring;

import io.onex.host.core.log.JsonLog;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed command line.
 *
 * @param command   the subcommand
 * @param contracts the contract files named
 * @param stdio     whether standard input and output carry envelopes
 * @param lenient   whether unknown contract fields are only warnings
 * @param logLevel  the lowest level logged
 */
record Arguments(Command command, List<String> contracts, boolean stdio, boolean lenient, JsonLog.Level logLevel) {

    /** The subcommands. */
    enum Command {
        RUN,
        DEV,
        VALIDATE,
        DESCRIBE,
        VERSION,
        HELP
    }

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException with a message for the user when the arguments are wrong
     */
    static Arguments parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no command given");
        }
        Command command = switch (args[0]) {
            case "run" -> Command.RUN;
            case "dev" -> Command.DEV;
            case "validate" -> Command.VALIDATE;
            case "describe" -> Command.DESCRIBE;
            case "--version", "version" -> Command.VERSION;
            case "--help", "-h", "help" -> Command.HELP;
            default -> throw new IllegalArgumentException("unknown command '" + args[0]
                    + "'; commands: run, dev, validate, describe, --version, --help");
        };
        List<String> contracts = new ArrayList<>();
        boolean stdio = false;
        boolean lenient = false;
        JsonLog.Level level = JsonLog.Level.INFO;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--stdio" -> stdio = true;
                case "--lenient" -> lenient = true;
                case "--log-level" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--log-level needs a value: debug, info, warn or error");
                    }
                    String name = args[++i];
                    level = JsonLog.Level.parse(name).orElseThrow(() -> new IllegalArgumentException(
                            "unknown log level '" + name + "'; valid: debug, info, warn, error"));
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option '" + arg + "'");
                    }
                    contracts.add(arg);
                }
            }
        }
        switch (command) {
            case VERSION, HELP -> {
                if (!contracts.isEmpty()) {
                    throw new IllegalArgumentException(args[0] + " takes no contract");
                }
            }
            case VALIDATE -> {
                if (contracts.isEmpty()) {
                    throw new IllegalArgumentException("validate needs at least one contract file");
                }
            }
            case RUN, DEV, DESCRIBE -> {
                if (contracts.size() != 1) {
                    throw new IllegalArgumentException(command.name().toLowerCase(java.util.Locale.ROOT)
                            + " needs exactly one contract file, got " + contracts.size());
                }
            }
        }
        if (stdio && command != Command.RUN && command != Command.DEV) {
            throw new IllegalArgumentException("--stdio applies to run and dev only");
        }
        return new Arguments(command, List.copyOf(contracts), stdio, lenient, level);
    }
}
