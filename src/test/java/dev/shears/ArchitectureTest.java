package dev.shears;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;

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

    /**
     * pruning's sub-packages in the order they build on each other; each uses only those before it and the
     * shared vocabulary in {@code dev.shears.pruning} itself (weights, amounts, scopes, modes, criterion names).
     */
    static final List<String> PRUNING_ORDER = List.of("plan", "surgery", "criteria", "impact", "recipes", "planning",
            "equivalence", "reports", "service");

    @ArchTest
    static void pruningSubPackagesUseOnlyTheOnesBeforeThem(JavaClasses classes) {
        for (int i = 0; i < PRUNING_ORDER.size() - 1; i++) {
            String[] later = PRUNING_ORDER.subList(i + 1, PRUNING_ORDER.size()).stream()
                    .map(sub -> "dev.shears.pruning." + sub + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.shears.pruning." + PRUNING_ORDER.get(i) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(later)
                    .because("pruning's sub-packages build on each other in the order " + PRUNING_ORDER)
                    .check(classes);
        }
    }

    @ArchTest
    static final ArchRule pruningVocabularyUsesNoSubPackage = noClasses().that().resideInAPackage("dev.shears.pruning")
            .should().dependOnClassesThat().resideInAnyPackage(PRUNING_ORDER.stream()
                    .map(sub -> "dev.shears.pruning." + sub + "..").toArray(String[]::new));

    @ArchTest
    static final ArchRule pruningHasNoOtherSubPackage = classes().that().resideInAPackage("dev.shears.pruning..")
            .should().resideInAnyPackage(Stream.concat(Stream.of("dev.shears.pruning"), PRUNING_ORDER.stream()
                    .map(sub -> "dev.shears.pruning." + sub + "..")).toArray(String[]::new))
            .because("a new sub-package takes its place in PRUNING_ORDER and docs/architecture.md");
}
