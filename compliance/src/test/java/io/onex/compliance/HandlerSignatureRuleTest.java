package io.onex.compliance;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.onex.handler.violations.signature.CarefulHandler;
import io.onex.handler.violations.signature.LeakyHandler;
import org.junit.jupiter.api.Test;

/** Feeds handlersShouldNotExposeLibraryExceptions a handler that breaks it and one that complies. */
class HandlerSignatureRuleTest {

    private final ArchRule rule = ArchitectureRules.handlersShouldNotExposeLibraryExceptions;

    @Test
    void rejectsAHandlerThatDeclaresOrReturnsALibraryException() {
        assertThatThrownBy(() -> rule.check(new ClassFileImporter().importClasses(LeakyHandler.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Rule '" + rule.getDescription() + "' was violated")
                .hasMessageContainingAll(LeakyHandler.class.getName() + ".connect()", "java.io.IOException",
                        LeakyHandler.class.getName() + ".lastFailure()", "java.sql.SQLException",
                        "throw the matching OnexException subclass");
    }

    @Test
    void acceptsAHandlerThatMapsLibraryExceptionsPrivately() {
        assertThatCode(() -> rule.check(new ClassFileImporter().importClasses(CarefulHandler.class)))
                .doesNotThrowAnyException();
    }
}
