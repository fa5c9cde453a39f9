package io.onex.wiring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fenced code blocks of a Markdown document and sorts them by the documentation-test
 * convention of docs/DOCS_TESTS.md: {@code sh} blocks run, a {@code text} block starting with
 * {@code answers:} states the outcome of the block before it, a {@code text} block below the line
 * {@code _Illustration only; not run._} is shown only, and {@code json}/{@code yaml} blocks are
 * data. Any other block is refused, so a new document cannot skip a command silently.
 */
final class MarkdownBlocks {

    /** The marker line, visible in the rendered page, that makes the next text block an illustration. */
    static final String ILLUSTRATION_MARKER = "_Illustration only; not run";

    /** The marker line that makes the next sh block a command that runs until Ctrl-C. */
    static final String UNTIL_STOPPED_MARKER = "_Runs until you press Ctrl-C";

    private static final Set<String> RUNNABLE = Set.of("sh", "bash", "shell");
    private static final Set<String> DATA = Set.of("json", "yaml", "yml", "properties", "sql", "java", "promql");
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+)\\s*([A-Za-z0-9_+-]*)\\s*$");
    private static final Pattern ANSWERS = Pattern.compile("^answers:\\s*(.*)$");

    private MarkdownBlocks() {
    }

    /** One block to run, with its 1-based first line, its text and what it must answer. */
    record Runnable(String document, int line, String text, boolean untilStopped, List<String> answers) {

        /** Where the block is, for messages: {@code README.md:42}. */
        String where() {
            return document + ":" + line;
        }
    }

    /** A fenced block as written. */
    private record Fence(int line, String language, String text, String lineAbove, boolean untilStopped) {
    }

    /**
     * Returns the blocks of {@code markdown} to run, in order.
     *
     * @throws IllegalArgumentException naming the document and line of a block that follows none of
     *                                  the conventions, an unclosed fence, or a misplaced answers block
     */
    static List<Runnable> runnable(String document, String markdown) {
        List<Fence> fences = fences(document, markdown);
        List<Runnable> result = new ArrayList<>();
        for (int i = 0; i < fences.size(); i++) {
            Fence fence = fences.get(i);
            String language = fence.language().toLowerCase(Locale.ROOT);
            if (RUNNABLE.contains(language)) {
                List<String> answers = null;
                if (i + 1 < fences.size() && answersOf(fences.get(i + 1)) != null) {
                    answers = answersOf(fences.get(i + 1));
                    i++;
                }
                result.add(new Runnable(document, fence.line(), fence.text(), fence.untilStopped(), answers));
            } else if (language.equals("text") && answersOf(fence) != null) {
                throw new IllegalArgumentException(document + ":" + fence.line()
                        + ": an answers block must directly follow the sh block it describes");
            } else if (language.equals("text") && fence.lineAbove().startsWith(ILLUSTRATION_MARKER)) {
                continue;
            } else if (!DATA.contains(language)) {
                throw new IllegalArgumentException(document + ":" + fence.line() + ": a ```" + fence.language()
                        + " block is neither run nor marked: write ```sh for a command a reader runs, or ```text"
                        + " below a line \"" + ILLUSTRATION_MARKER + "._\" for one that is only shown"
                        + " (docs/DOCS_TESTS.md)");
            }
        }
        return result;
    }

    private static List<String> answersOf(Fence fence) {
        if (!fence.language().equalsIgnoreCase("text")) {
            return null;
        }
        Matcher matcher = ANSWERS.matcher(fence.text().strip());
        if (!matcher.matches()) {
            return null;
        }
        List<String> answers = new ArrayList<>();
        for (String token : matcher.group(1).split("[,\\s]+")) {
            if (!token.isBlank()) {
                answers.add(token);
            }
        }
        return List.copyOf(answers);
    }

    private static List<Fence> fences(String document, String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Fence> fences = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            String ticks = open.group(2);
            int start = i;
            StringBuilder text = new StringBuilder();
            i++;
            while (i < lines.size() && !lines.get(i).strip().equals(ticks)) {
                String line = lines.get(i);
                text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading()).append('\n');
                i++;
            }
            if (i >= lines.size()) {
                throw new IllegalArgumentException(document + ":" + (start + 1) + ": the fence opened here is never closed");
            }
            String above = lineAbove(lines, start);
            fences.add(new Fence(start + 1, open.group(3), text.toString(), above, above.startsWith(UNTIL_STOPPED_MARKER)));
        }
        return fences;
    }

    /** The nearest non-blank line above a fence, stripped. */
    private static String lineAbove(List<String> lines, int fence) {
        for (int j = fence - 1; j >= 0; j--) {
            if (!lines.get(j).isBlank()) {
                return lines.get(j).strip();
            }
        }
        return "";
    }
}
