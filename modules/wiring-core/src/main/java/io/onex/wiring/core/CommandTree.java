package io.onex.wiring.core;

import io.onex.host.core.log.JsonLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code onex-host} commands, options and help texts, built through picocli's programmatic
 * API: no annotations, so picocli never reflects on the host's classes and nothing is opened to
 * it. {@link HostCli} parses with the tree and dispatches on the command's name; the shell completion
 * script is generated from the same tree.
 */
final class CommandTree {

    static final String NAME = "onex-host";
    static final String RUN = "run";
    static final String DEV = "dev";
    static final String VALIDATE = "validate";
    static final String DESCRIBE = "describe";
    static final String HELP = "help";
    static final String COMPLETION = "completion";
    static final String SCHEMA = "schema";
    /** The hidden synonym of {@code --version}, kept from the first command line. */
    static final String VERSION = "version";

    static final String STDIO = "--stdio";
    static final String LENIENT = "--lenient";
    static final String LOG_LEVEL = "--log-level";

    private static final List<String> LEVELS = List.of("debug", "info", "warn", "error");

    private CommandTree() {
    }

    /**
     * Returns a fresh command line for {@code onex-host}; {@code version} is what {@code --version}
     * prints after the name.
     */
    static CommandLine create(String version) {
        CommandSpec top = command(NAME, "Runs ONEX runtime hosts: many message-driven nodes in one process,"
                + " wired from one contract.");
        top.version(NAME + " " + version);
        top.addOption(OptionSpec.builder("--version").versionHelp(true)
                .description("print the version and exit").build());
        top.usageMessage().exitCodeListHeading("%nexit codes:%n").exitCodeList(exitCodes())
                .footerHeading("%n").footer("Run 'onex-host help COMMAND' or 'onex-host COMMAND --help'"
                        + " for the arguments and options of a command.");
        CommandLine line = new CommandLine(top);
        line.addSubcommand(RUN, host(RUN, "run a runtime host in production mode (refuses the local handler)"));
        line.addSubcommand(DEV, host(DEV, "run a runtime host for development (allows the local handler;"
                + " refused when the environment variable ENVIRONMENT is prod)"));
        CommandSpec validate = command(VALIDATE, "check contracts: schema and lint rules; non-zero on any error");
        validate.addPositional(contracts("1..*", "the contract files to check"));
        validate.addOption(lenient());
        line.addSubcommand(VALIDATE, validate);
        CommandSpec describe = command(DESCRIBE,
                "print the wiring a contract would build, as JSON (secrets redacted)");
        describe.addPositional(contracts("1", "the contract file"));
        describe.addOption(lenient());
        line.addSubcommand(DESCRIBE, describe);
        line.addSubcommand(SCHEMA, SchemaCommand.spec(command(SCHEMA, "print the JSON Schema (draft 2020-12) of"
                + " runtime or node contracts, for the handler types of this host")));
        CommandSpec help = command(HELP, "print the help of onex-host or of one command");
        help.addPositional(PositionalParamSpec.builder().paramLabel("COMMAND").arity("0..1").type(String.class)
                .completionCandidates(commandNames())
                .description("the command to explain; without it, the commands and options of onex-host")
                .build());
        line.addSubcommand(HELP, help);
        CommandSpec completion = command(COMPLETION, "print a bash and zsh completion script for onex-host");
        completion.usageMessage().footerHeading("%n").footer(
                "Load it into the current shell with: source <(onex-host completion)",
                "or install it for every new bash shell with:",
                "  onex-host completion > ~/.local/share/bash-completion/completions/onex-host");
        line.addSubcommand(COMPLETION, completion);
        CommandSpec versionCommand = command(VERSION, "print the version");
        versionCommand.usageMessage().hidden(true);
        line.addSubcommand(VERSION, versionCommand);
        // As before picocli: '@file' is a file name, not a file of arguments, and an option given
        // twice is allowed (the last value wins).
        line.setExpandAtFiles(false);
        line.setOverwrittenOptionsAllowed(true);
        return line;
    }

    /** Returns the names of the commands a user may type, in the order help lists them. */
    static List<String> commandNames() {
        return List.of(RUN, DEV, VALIDATE, DESCRIBE, SCHEMA, HELP, COMPLETION);
    }

    private static CommandSpec host(String name, String description) {
        CommandSpec spec = command(name, description);
        spec.addPositional(contracts("1", "the runtime host contract to run"));
        spec.addOption(OptionSpec.builder(STDIO).type(boolean.class)
                .description("read one envelope per line from standard input and write each response"
                        + " as one JSON line to standard output; at end of input, drain and exit 0")
                .build());
        spec.addOption(lenient());
        spec.addOption(OptionSpec.builder(LOG_LEVEL).paramLabel("LEVEL").type(JsonLog.Level.class)
                .converters(new LevelConverter()).completionCandidates(LEVELS)
                .description("debug, info, warn or error (default info); logs are JSON lines on standard error")
                .build());
        spec.usageMessage().footerHeading("%n").footer("Stops cleanly on SIGTERM or SIGINT: drains the work in"
                + " flight within shutdown.grace_seconds and exits 0.");
        return spec;
    }

    private static CommandSpec command(String name, String description) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("print this help and exit").build());
        spec.usageMessage()
                .synopsisHeading("usage: ")
                .description(description)
                .descriptionHeading("%n")
                .parameterListHeading("%narguments:%n")
                .optionListHeading("%noptions:%n")
                .commandListHeading("%ncommands:%n")
                .synopsisSubcommandLabel("COMMAND")
                .width(100);
        return spec;
    }

    private static OptionSpec lenient() {
        return OptionSpec.builder(LENIENT).type(boolean.class)
                .description("treat unknown contract fields as warnings instead of errors").build();
    }

    private static PositionalParamSpec contracts(String arity, String description) {
        boolean many = arity.endsWith("*");
        return PositionalParamSpec.builder().paramLabel("CONTRACT").arity(arity).required(true)
                .index(many ? "0..*" : "0").type(many ? String[].class : String.class)
                .description(description).build();
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("  " + HostCli.OK, "ok");
        codes.put("  " + HostCli.INVALID, "invalid contract or start-up failure");
        codes.put("  " + HostCli.USAGE, "usage: an unknown command or option, or a missing argument");
        return codes;
    }

    /** Reads a log level by its name, in any case, naming the valid ones when it is not one. */
    private static final class LevelConverter implements ITypeConverter<Object> {
        @Override
        public Object convert(String value) {
            return JsonLog.Level.parse(value).orElseThrow(() -> new TypeConversionException(
                    "unknown log level '" + value + "'; valid: " + String.join(", ", LEVELS)));
        }
    }
}
