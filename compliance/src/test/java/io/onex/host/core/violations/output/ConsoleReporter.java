package io.onex.host.core.violations.output;

import java.util.List;

/** Library code that writes to standard output and standard error. */
public final class ConsoleReporter {

    private ConsoleReporter() {
    }

    /** Prints a line to standard output. */
    public static void report(String line) {
        System.out.println(line);
    }

    /** Prints every line to standard error through a method reference. */
    public static void complain(List<String> lines) {
        lines.forEach(System.err::println);
    }
}
