package io.onex.wiring;

/**
 * The {@code onex-host} command: the full host, {@code OnexHost.builder().build().cli(args)}.
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
public final class Main {

    private Main() {
    }

    /** Runs the command line of the full host and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(OnexHost.builder().build().cli(args));
    }
}
