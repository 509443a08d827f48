package dev.shears.analysis.heatmap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class HeatmapArchitectureTest {
    @Test
    void theRenderingCoreUsesNoJavaFx() {
        noClasses().that().resideInAPackage("dev.shears.analysis.heatmap..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.shears.analysis.heatmap"));
    }
}
