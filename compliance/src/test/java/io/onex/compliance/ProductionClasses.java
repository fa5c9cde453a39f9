package io.onex.compliance;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The production classes of every module: {@code io.onex..} from the test class path, without
 * test classes. The compliance module's own samples under {@code target/test-classes} are left
 * out with the other test classes.
 */
final class ProductionClasses {

    private ProductionClasses() {
    }

    /** Returns the production classes, imported once per test run. */
    static JavaClasses get() {
        return Holder.CLASSES;
    }

    private static final class Holder {
        // Importing reads every class file; once per JVM is enough for every test class.
        private static final JavaClasses CLASSES = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.onex");
    }
}
