package io.onex.wiring.core;

import io.onex.contract.Suggestions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a usage error on standard error, as the command line always has: {@code onex-host:}
 * and what is wrong, then any "did you mean", then the usage of the command concerned; exit 2.
 */
final class UsageError {

    private UsageError() {
    }

    /** Reports {@code e} on {@code err} and returns {@link HostCli#USAGE}. */
    static int report(ParameterException e, PrintStream err) {
        CommandLine where = e.getCommandLine();
        err.println("onex-host: " + message(e));
        List<String> suggestions = suggestions(e);
        if (!suggestions.isEmpty()) {
            err.println("did you mean " + String.join(" or ", suggestions.stream().map(word -> "'" + word + "'")
                    .toList()) + "?");
        }
        err.println();
        err.print(where.getUsageMessage(Ansi.OFF));
        err.flush();
        return HostCli.USAGE;
    }

    /** Picocli's message, except that a word where a command belongs is an unknown command. */
    private static String message(ParameterException e) {
        return typedCommand(e) ? "unknown command '" + unmatched(e) + "'; commands: "
                + String.join(", ", CommandTree.commandNames()) : e.getMessage();
    }

    /**
     * The commands or options of the command concerned that are close to the word typed, or the
     * values of a closed set (a schema kind, a log level) close to the value given.
     */
    private static List<String> suggestions(ParameterException e) {
        if (typedCommand(e)) {
            return Suggestions.closeTo(unmatched(e), CommandTree.commandNames());
        }
        if (e.getArgSpec() != null && e.getValue() != null && e.getArgSpec().completionCandidates() != null) {
            List<String> valid = new ArrayList<>();
            e.getArgSpec().completionCandidates().forEach(valid::add);
            return Suggestions.closeTo(e.getValue(), valid);
        }
        if (e instanceof UnmatchedArgumentException unmatched && unmatched.isUnknownOption()) {
            String typed = unmatched(e);
            int value = typed.indexOf('=');
            return Suggestions.closeTo(value < 0 ? typed : typed.substring(0, value),
                    e.getCommandLine().getCommandSpec().optionsMap().keySet());
        }
        return List.of();
    }

    private static boolean typedCommand(ParameterException e) {
        return e instanceof UnmatchedArgumentException unmatched && !unmatched.isUnknownOption()
                && !unmatched.getUnmatched().isEmpty() && !e.getCommandLine().getSubcommands().isEmpty();
    }

    private static String unmatched(ParameterException e) {
        return ((UnmatchedArgumentException) e).getUnmatched().getFirst();
    }
}
