package io.onex.wiring.core;

import io.onex.contract.ContractSchemas;
import io.onex.host.api.HandlerFactory;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code onex-host schema runtime|node}: prints the JSON Schema (draft 2020-12) of runtime or node
 * contracts, generated from the handler types of this host, so that a handler's config is covered
 * whoever wrote the handler.
 */
final class SchemaCommand {

    private SchemaCommand() {
    }

    /** Adds the argument and help of the command to {@code spec}. */
    static CommandSpec spec(CommandSpec spec) {
        spec.addPositional(PositionalParamSpec.builder().paramLabel("KIND").arity("1").required(true).index("0")
                .type(String.class).converters(new KindConverter()).completionCandidates(ContractSchemas.KINDS)
                .description("runtime: of runtime host contracts; node: of node contracts").build());
        spec.usageMessage().footerHeading("%n").footer(
                "Editors with a YAML language server check a contract as it is written when its first line is",
                "  # yaml-language-server: $schema=<path or URL of the schema file>",
                "e.g.: onex-host schema runtime > runtime.schema.json");
        return spec;
    }

    /**
     * Prints the schema of the kind {@code command} names on {@code out}.
     *
     * @param factories the handler types of this host, in registration order
     */
    static int run(ParseResult command, List<HandlerFactory> factories, PrintStream out) {
        String kind = Arguments.words(command).getFirst();
        out.print(ContractSchemas.json(kind, factories).orElseThrow());
        out.flush();
        return HostCli.OK;
    }

    /** Accepts a kind of {@link ContractSchemas#KINDS}, naming them when the word is not one. */
    private static final class KindConverter implements ITypeConverter<Object> {
        @Override
        public Object convert(String value) {
            if (ContractSchemas.KINDS.contains(value)) {
                return value;
            }
            throw new TypeConversionException("unknown schema kind '" + value + "'; kinds: "
                    + String.join(", ", ContractSchemas.KINDS));
        }
    }
}
