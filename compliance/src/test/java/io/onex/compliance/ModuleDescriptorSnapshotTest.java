package io.onex.compliance;

import org.junit.jupiter.api.Test;

/**
 * Compares every module's descriptor with its checked-in snapshot. Run with
 * {@code -Donex.updateSnapshots=true} to rewrite the snapshots from the compiled modules.
 */
class ModuleDescriptorSnapshotTest {

    @Test
    void everyModuleDescriptorMatchesItsSnapshot() {
        var modules = ProjectModules.compiled();
        var folder = ProjectModules.snapshotFolder();
        if (Boolean.getBoolean(DescriptorSnapshots.UPDATE_PROPERTY)) {
            DescriptorSnapshots.write(folder, modules);
        }

        DescriptorSnapshots.check(folder, modules);
    }
}
