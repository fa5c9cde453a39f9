package io.onex.wiring.core;

import io.onex.host.core.log.JsonLog;
import java.util.List;
import picocli.CommandLine.ParseResult;

/**
 * The parsed command line of one of the commands that read contracts.
 *
 * @param command   the command
 * @param contracts the contract files named
 * @param stdio     whether standard input and output carry envelopes
 * @param lenient   whether unknown contract fields are only warnings
 * @param logLevel  the lowest level logged
 */
record Arguments(Command command, List<String> contracts, boolean stdio, boolean lenient, JsonLog.Level logLevel) {

    /** The commands that read contracts. */
    enum Command {
        RUN,
        DEV,
        VALIDATE,
        DESCRIBE
    }

    /**
     * Returns the arguments of {@code parsed}, the parse result of one command of
     * {@link CommandTree}; picocli has already checked the counts and values.
     */
    static Arguments of(Command command, ParseResult parsed) {
        List<String> contracts = words(parsed);
        JsonLog.Level level = parsed.hasMatchedOption(CommandTree.LOG_LEVEL)
                ? parsed.matchedOptionValue(CommandTree.LOG_LEVEL, JsonLog.Level.INFO) : JsonLog.Level.INFO;
        return new Arguments(command, contracts, parsed.hasMatchedOption(CommandTree.STDIO),
                parsed.hasMatchedOption(CommandTree.LENIENT), level);
    }

    /**
     * Returns the words given for the one positional parameter of a command of
     * {@link CommandTree}, in order, however options were interleaved with them.
     */
    static List<String> words(ParseResult parsed) {
        return parsed.hasMatchedPositional(0) ? List.copyOf(parsed.matchedPositional(0).stringValues()) : List.of();
    }
}
