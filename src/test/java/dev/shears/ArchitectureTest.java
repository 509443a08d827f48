package dev.shears;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of docs/architecture.md, checked on the production classes. */
@AnalyzeClasses(packages = "dev.shears", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] CORE = {"dev.shears.model..", "dev.shears.io..", "dev.shears.analysis..",
        "dev.shears.pruning..", "dev.shears.eval..", "dev.shears.task..", "dev.shears.samples..", "dev.shears.export..",
        "dev.shears.data..", "dev.shears.engine..", "dev.shears.onnx..", "dev.shears.errors.."};

    @ArchTest
    static final ArchRule coreDoesNotUseJavaFx = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule coreDoesNotUseTheFrontEnds = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("dev.shears.ui..", "dev.shears.cli..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule modelIsPlainJava = classes().that().resideInAPackage("dev.shears.model..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.shears.model..");

    @ArchTest
    static final ArchRule taskIsPlainJava = classes().that().resideInAPackage("dev.shears.task..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.shears.task..");

    @ArchTest
    static final ArchRule uiDoesNotUseCli = noClasses().that().resideInAPackage("dev.shears.ui..")
            .should().dependOnClassesThat().resideInAPackage("dev.shears.cli..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule cliDoesNotUseUi = noClasses().that().resideInAPackage("dev.shears.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.shears.ui..")
            .allowEmptyShould(true);
}
