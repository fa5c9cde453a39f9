package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownBlocksTest {

    @Test
    void shBlocksRunWithTheAnswersBlockThatFollowsThem() {
        String markdown = """
                # Title

                ```sh
                echo one
                ```

                It answers:

                ```text
                answers: success, INVALID_OPERATION
                ```

                _Illustration only; not run (needs a cluster)._

                ```text
                kubectl apply -k k8s/
                ```

                ```yaml
                a: 1
                ```

                _Runs until you press Ctrl-C._

                ```sh
                ./onex-host dev x.yaml
                ```
                """;
        List<MarkdownBlocks.Runnable> blocks = MarkdownBlocks.runnable("doc.md", markdown);
        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0).where()).isEqualTo("doc.md:3");
        assertThat(blocks.get(0).text()).isEqualTo("echo one\n");
        assertThat(blocks.get(0).answers()).containsExactly("success", "INVALID_OPERATION");
        assertThat(blocks.get(0).untilStopped()).isFalse();
        assertThat(blocks.get(1).answers()).isNull();
        assertThat(blocks.get(1).untilStopped()).isTrue();
    }

    @Test
    void anUnmarkedBlockIsRefused() {
        assertThatThrownBy(() -> MarkdownBlocks.runnable("doc.md", "# T\n\n```\nmake test\n```\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("doc.md:3: a ``` block is neither run nor marked");
        assertThatThrownBy(() -> MarkdownBlocks.runnable("doc.md", "# T\n\n```text\nkubectl apply\n```\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("doc.md:3");
        assertThatThrownBy(() -> MarkdownBlocks.runnable("doc.md", "# T\n\n```console\n$ ls\n```\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("```console");
    }

    @Test
    void anAnswersBlockWithoutItsCommandAndAnUnclosedFenceAreRefused() {
        assertThatThrownBy(() -> MarkdownBlocks.runnable("doc.md", "# T\n\n```text\nanswers: success\n```\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must directly follow");
        assertThatThrownBy(() -> MarkdownBlocks.runnable("doc.md", "# T\n\n```sh\nls\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never closed");
    }

    @Test
    void indentedBlocksInListsAreRead() {
        String markdown = "1. Step:\n\n   ```sh\n   echo a \\\n     b\n   ```\n";
        assertThat(MarkdownBlocks.runnable("doc.md", markdown)).singleElement()
                .satisfies(block -> assertThat(block.text()).isEqualTo("echo a \\\n  b\n"));
    }
}
