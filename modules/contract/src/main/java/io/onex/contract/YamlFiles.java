package io.onex.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.ComposerException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a YAML file into a node tree whose marks carry the file, line and column of every
 * value, and reports missing files, syntax errors and a top level that is not a mapping.
 */
final class YamlFiles {

    /**
     * The largest contract file read: 3 MiB, the most the YAML parser takes. A larger file is
     * refused by its size, before any of it is read.
     */
    static final int MAX_FILE_BYTES = 3 * 1024 * 1024;

    /** The deepest nesting of lists and mappings read: far more than any contract needs. */
    static final int MAX_DEPTH = 100;

    /** YAML 1.2 core schema: {@code yes} is text, {@code true} is a boolean, {@code 010} is ten. */
    private static final CoreSchema SCHEMA = new CoreSchema();

    private YamlFiles() {
    }

    /** Returns the tag YAML would give {@code text} written as a plain scalar. */
    static Tag plainTag(String text) {
        return SCHEMA.getScalarResolver().resolve(text, true);
    }

    /** Returns {@code relative} resolved against the folder of {@code file}, as contracts do. */
    static Path resolveBeside(Path file, String relative) {
        Path path = Path.of(relative);
        if (path.isAbsolute()) {
            return path.normalize();
        }
        Path folder = file.getParent();
        return (folder == null ? path : folder.resolve(path)).normalize();
    }

    /**
     * Reads {@code file}, which must hold one YAML mapping.
     *
     * @param what what the file is, for messages, e.g. {@code "runtime contract"}
     * @param firstKeyExample the line a file of this kind starts with, for the fix
     */
    static Optional<MappingNode> readMapping(LoadContext context, Path file, String what, String firstKeyExample) {
        Problems problems = context.problems();
        problems.noteFile(file);
        if (!Files.exists(file)) {
            problems.errorAt(file, 0, 0, what + " not found: " + file, List.of(),
                    "check the path; relative paths are resolved from "
                            + Path.of("").toAbsolutePath());
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            problems.errorAt(file, 0, 0, what + " " + file + " is not a regular file", List.of(),
                    "point to a YAML file, not a folder");
            return Optional.empty();
        }
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            // Read one byte beyond the limit so a file that grows after the size check is caught too.
            byte[] bytes = size > MAX_FILE_BYTES ? null : in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes == null || bytes.length > MAX_FILE_BYTES) {
                problems.errorAt(file, 0, 0, what + " " + file + " has " + Math.max(size, MAX_FILE_BYTES + 1L)
                        + " bytes, more than the limit of " + MAX_FILE_BYTES + " bytes (3 MiB); it was not read",
                        List.of(), "keep contract files small: split the file or move data out of the contract");
                return Optional.empty();
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.errorAt(file, 0, 0, what + " is not valid UTF-8 text", List.of(), "save the file as UTF-8");
            return Optional.empty();
        } catch (IOException e) {
            problems.errorAt(file, 0, 0, what + " cannot be read: " + e.getMessage(), List.of(),
                    "make the file readable by the user running the host");
            return Optional.empty();
        }
        return compose(problems, file, text, what, firstKeyExample).flatMap(root -> asMapping(problems, file, root, what, firstKeyExample))
                .map(root -> {
                    MergeKeys.resolve(problems, root);
                    return root;
                });
    }

    private static Optional<Node> compose(Problems problems, Path file, String text, String what,
            String firstKeyExample) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.toString())
                .setSchema(SCHEMA)
                .setAllowNonScalarKeys(true) // reported with a line number by MergeKeys instead
                .build();
        try {
            Composer composer = new MergeKeepingComposer(settings,
                    new ParserImpl(settings, new StreamReader(settings, new StringReader(text))));
            Optional<Node> root = composer.getSingleNode();
            if (root.isEmpty()) {
                problems.errorAt(file, 0, 0, what + " " + file + " is empty", List.of(),
                        "start the file with " + firstKeyExample);
            }
            return root;
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String context = e.getContext() == null || e.getContext().isBlank() ? "" : " (" + e.getContext() + ")";
            boolean deep = e instanceof ComposerException && e.getProblem().startsWith("the YAML nests deeper");
            problems.errorAt(file, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                    (deep ? "" : "YAML syntax error: ") + e.getProblem() + context, List.of(), deep
                            ? "flatten the structure here: a contract needs only a few levels"
                            : "correct the YAML here: check the indentation, the ':' after each key, and matching"
                                    + " quotes and brackets; quote a \"${VAR}\" inside { } or [ ]; a file holds one"
                                    + " document");
        } catch (ReaderException e) {
            int line = lineOf(text, e.getPosition());
            problems.errorAt(file, line, 0, "YAML syntax error: character 0x" + Integer.toHexString(e.getCodePoint())
                    + " is not allowed", List.of(), "remove the control character from line " + line);
        } catch (YamlEngineException e) {
            problems.errorAt(file, 0, 0, "YAML error: " + e.getMessage(), List.of(),
                    "simplify the file: fewer aliases to collections, no recursive anchors");
        }
        return Optional.empty();
    }

    private static Optional<MappingNode> asMapping(Problems problems, Path file, Node root, String what,
            String firstKeyExample) {
        if (root instanceof MappingNode mapping) {
            return Optional.of(mapping);
        }
        problems.error(root, "the top level of a " + what + " must be a mapping of keys to values, found "
                + Values.describe(root), List.of(), "start the file with " + firstKeyExample);
        return Optional.empty();
    }

    private static int lineOf(String text, int codePointIndex) {
        int line = 1;
        int limit = Math.min(text.offsetByCodePoints(0, Math.min(codePointIndex, text.codePointCount(0,
                text.length()))), text.length());
        for (int i = 0; i < limit; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * A composer that leaves {@code <<} merge keys to {@link MergeKeys} (the engine's own merge
     * loops forever on a mapping that merges itself and marks bad merges at the wrong line), and
     * refuses collections nested deeper than {@link #MAX_DEPTH}: the engine composes them
     * recursively, so 40 KB of {@code [} would otherwise exhaust the thread's stack.
     */
    private static final class MergeKeepingComposer extends Composer {
        private int depth;

        MergeKeepingComposer(LoadSettings settings, ParserImpl parser) {
            super(settings, parser);
        }

        @Override
        protected SequenceNode composeSequenceNode(Optional<Anchor> anchor) {
            enter();
            try {
                return super.composeSequenceNode(anchor);
            } finally {
                depth--;
            }
        }

        @Override
        protected Node composeMappingNode(Optional<Anchor> anchor) {
            enter();
            try {
                return super.composeMappingNode(anchor);
            } finally {
                depth--;
            }
        }

        private void enter() {
            if (++depth > MAX_DEPTH) {
                depth--;
                throw new ComposerException("the YAML nests deeper than the limit of " + MAX_DEPTH
                        + " levels of lists and mappings", parser.peekEvent().getStartMark());
            }
        }

        @Override
        protected Node composeKeyNode(MappingNode parent) {
            Node key = super.composeKeyNode(parent);
            if (Tag.MERGE.equals(key.getTag())) {
                key.setTag(MergeKeys.MERGE_KEY);
            }
            return key;
        }
    }
}
