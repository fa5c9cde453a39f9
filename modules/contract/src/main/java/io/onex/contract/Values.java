package io.onex.contract;

import io.onex.contract.Interpolator.Text;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads typed values from YAML nodes, reporting a wrong type or an out-of-range number at the
 * value's line. {@code label} names the value in messages, e.g. {@code runtime.handlers[0].timeout_ms}.
 *
 * <p>Text values go through {@code ${VAR}} interpolation. A number, boolean or choice may be
 * written as a placeholder too; if its variable is unset (only possible when validating), the
 * reader returns empty and the caller falls back to the default.
 */
final class Values {

    private Values() {
    }

    /** Returns the 1-based line of {@code node}, or 0 when unknown. */
    static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    /** Describes what a node holds, for "found ..." in messages. Never quotes more than a short text. */
    static String describe(Node node) {
        return switch (node) {
            case MappingNode _ -> "a mapping";
            case SequenceNode sequence when sequence.getValue().isEmpty() -> "an empty list";
            case SequenceNode _ -> "a list";
            case ScalarNode scalar when isNull(scalar) -> "an empty value";
            case ScalarNode scalar when Tag.BOOL.equals(scalar.getTag()) -> "the boolean " + scalar.getValue();
            case ScalarNode scalar when Tag.INT.equals(scalar.getTag()) || Tag.FLOAT.equals(scalar.getTag()) ->
                    "the number " + scalar.getValue();
            case ScalarNode scalar -> "the text \"" + shorten(scalar.getValue()) + "\"";
            default -> "a value of an unsupported kind";
        };
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    static boolean isText(ScalarNode scalar) {
        return Tag.STR.equals(scalar.getTag()) || Tag.ENV_TAG.equals(scalar.getTag());
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /** Reads text: a string, or a number kept as written (so {@code version: 1.10} stays "1.10"). */
    static Optional<Text> text(LoadContext context, Node value, String label) {
        if (value instanceof ScalarNode scalar) {
            if (isText(scalar)) {
                return Optional.of(context.interpolator().resolve(scalar, scalar.getValue()));
            }
            if (Tag.INT.equals(scalar.getTag()) || Tag.FLOAT.equals(scalar.getTag())) {
                return Optional.of(new Text(scalar.getValue(), true));
            }
        }
        context.problems().error(value, label + " must be text, found " + describe(value), List.of(),
                "write a text value, quoted if it could be read as something else, e.g. \"true\"");
        return Optional.empty();
    }

    /** Reads a whole number between {@code min} and {@code max}. */
    static Optional<Long> integer(LoadContext context, Node value, String label, long min, long max) {
        Optional<ScalarNode> resolved = typedScalar(context, value, label, "a whole number", Tag.INT);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        BigInteger number = parseInteger(resolved.get().getValue());
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            context.problems().error(value, label + " must be " + range(min, max) + ", found " + number, List.of(),
                    "set " + lastSegment(label) + " to a whole number " + range(min, max));
            return Optional.empty();
        }
        return Optional.of(number.longValue());
    }

    /** Reads a finite number of at least (or, if {@code minExclusive}, above) {@code min} and at most {@code max}. */
    static OptionalDouble number(LoadContext context, Node value, String label, double min, boolean minExclusive,
            double max) {
        Optional<ScalarNode> resolved = typedScalar(context, value, label, "a number", Tag.FLOAT);
        if (resolved.isEmpty()) {
            return OptionalDouble.empty();
        }
        String written = resolved.get().getValue();
        double number = Tag.INT.equals(resolved.get().getTag()) ? parseInteger(written).doubleValue()
                : parseFloat(written);
        boolean low = minExclusive ? !(number > min) : !(number >= min);
        if (Double.isNaN(number) || Double.isInfinite(number) || low || number > max) {
            String range = (minExclusive ? "greater than " + trim(min) : "at least " + trim(min))
                    + (max == Double.MAX_VALUE ? "" : " and at most " + trim(max));
            context.problems().error(value, label + " must be a number " + range + ", found " + written, List.of(),
                    "set " + lastSegment(label) + " to a number " + range);
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(number);
    }

    /** Reads {@code true} or {@code false}. */
    static Optional<Boolean> bool(LoadContext context, Node value, String label) {
        return typedScalar(context, value, label, "true or false", Tag.BOOL)
                .map(scalar -> scalar.getValue().toLowerCase(Locale.ROOT).equals("true"));
    }

    /**
     * Reads one of a closed set of names, suggesting the closest on a typo.
     *
     * @param what     what the value is, e.g. "handler type"
     * @param required whether the caller has no default to fall back to
     */
    static <E> Optional<E> choice(LoadContext context, Node value, String label, String what, List<String> names,
            Function<String, Optional<E>> parse, boolean required) {
        Optional<Text> text = text(context, value, label);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (!text.get().complete()) {
            if (required && context.options().validateOnly()) {
                context.problems().error(value, label + " cannot be checked: it comes from a variable that is not set",
                        names, "set the variable while validating, or write one of the valid choices");
            }
            return Optional.empty();
        }
        String written = text.get().value();
        Optional<E> parsed = parse.apply(written);
        if (parsed.isEmpty()) {
            context.problems().error(value, "unknown " + what + " '" + shorten(written) + "'"
                    + Suggestions.didYouMean(written, names), names,
                    "set " + lastSegment(label) + " to one of the valid choices");
        }
        return parsed;
    }

    /**
     * Returns the scalar holding a value of {@code tag} (an int also counts as a float), resolving
     * a placeholder first; reports a type error otherwise.
     */
    private static Optional<ScalarNode> typedScalar(LoadContext context, Node value, String label, String expected,
            Tag tag) {
        if (value instanceof ScalarNode scalar) {
            if (isText(scalar) && Interpolator.hasPlaceholder(scalar.getValue())) {
                Text text = context.interpolator().resolve(scalar, scalar.getValue());
                if (!text.complete()) {
                    return Optional.empty();
                }
                ScalarNode resolved = new ScalarNode(YamlFiles.plainTag(text.value().strip()), text.value().strip(),
                        scalar.getScalarStyle());
                if (matches(resolved, tag)) {
                    return Optional.of(resolved);
                }
                context.problems().error(value, label + " must be " + expected + ", but its placeholder resolves to "
                        + describe(resolved), List.of(), "set the variable to " + expected);
                return Optional.empty();
            }
            if (matches(scalar, tag)) {
                return Optional.of(scalar);
            }
        }
        String unquote = value instanceof ScalarNode scalar && isText(scalar) && !scalar.isPlain() ? " without quotes" : "";
        List<String> choices = tag.equals(Tag.BOOL) ? List.of("true", "false") : List.of();
        context.problems().error(value, label + " must be " + expected + ", found " + describe(value), choices,
                "write " + expected + unquote + ", e.g. " + lastSegment(label) + ": " + example(tag));
        return Optional.empty();
    }

    private static boolean matches(ScalarNode scalar, Tag tag) {
        Tag actual = scalar.getTag();
        return actual.equals(tag) || (tag.equals(Tag.FLOAT) && actual.equals(Tag.INT));
    }

    private static String example(Tag tag) {
        if (tag.equals(Tag.BOOL)) {
            return "true";
        }
        return tag.equals(Tag.INT) ? "100" : "0.5";
    }

    private static BigInteger parseInteger(String written) {
        String text = written.startsWith("+") ? written.substring(1) : written;
        if (text.startsWith("0x")) {
            return new BigInteger(text.substring(2), 16);
        }
        if (text.startsWith("0o")) {
            return new BigInteger(text.substring(2), 8);
        }
        return new BigInteger(text);
    }

    private static double parseFloat(String written) {
        String text = written.toLowerCase(Locale.ROOT);
        if (text.endsWith(".inf")) {
            return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return text.equals(".nan") ? Double.NaN : Double.parseDouble(text);
    }

    /** Describes an inclusive range: "at least 1" or "between 0 and 100". */
    static String range(long min, long max) {
        if (max == Integer.MAX_VALUE || max == Long.MAX_VALUE) {
            return "at least " + min;
        }
        return "between " + min + " and " + max;
    }

    private static String trim(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }

    static String lastSegment(String label) {
        int dot = label.lastIndexOf('.');
        return dot < 0 ? label : label.substring(dot + 1);
    }
}
