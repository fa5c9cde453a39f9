package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.contract.TopicRule.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicRuleTest {

    @ParameterizedTest
    @ValueSource(strings = {"onex.acme.orders.cmd.v1", "onex.a-b.c_d.cmd.v12", "onex.0.9.cmd.v3"})
    void aWellFormedInputTopicPasses(String topic) {
        assertThat(TopicRule.check(topic, Role.INPUT)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            acme.orders.cmd.v1            | it has 4 dot-separated segments, not 5
            onex.acme.orders.cmd.v1.x     | it has 6 dot-separated segments, not 5
            kafka.acme.orders.cmd.v1      | it must start with 'onex.'
            onex.Acme.orders.cmd.v1       | the tenant 'Acme' must match
            onex.acme._orders.cmd.v1      | the domain '_orders' must match
            onex.acme..cmd.v1             | the domain '' must match
            onex.debug.orders.cmd.v1      | uses the reserved tenant 'debug'
            onex.acme.orders.command.v1   | unknown signal 'command'
            onex.acme.orders.cmd.1        | the version '1' must be v followed by a positive number
            onex.acme.orders.cmd.v01      | the version 'v01'
            onex.acme.orders.evt.v1       | has the signal 'evt', but input topics carry 'cmd'
            """)
    void aTopicThatBreaksTheRuleIsExplained(String topic, String explanation) {
        assertThat(TopicRule.check(topic, Role.INPUT)).get().extracting(RuleViolation::problem).asString()
                .contains(explanation);
    }

    @ParameterizedTest
    @CsvSource({"OUTPUT, onex.acme.orders.cmd.v1, onex.acme.orders.evt.v1",
            "DEAD_LETTER, onex.acme.orders.evt.v2, onex.acme.orders.error.v2"})
    void eachRoleRequiresItsSignalAndTheFixShowsTheCorrectedTopic(Role role, String topic, String corrected) {
        assertThat(TopicRule.check(topic, role)).get().extracting(RuleViolation::fix).asString().contains(corrected);
    }
}
