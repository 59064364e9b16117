package dev.edgeperf.examples.sermon;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The sermon service's layers, held as rules on its compiled classes: {@code http} is the only package that
 * knows HTTP, the packages beneath it never import it or each other upward, and no package cycle exists.
 */
class LayeringTest {
    private static final String ROOT = "dev.edgeperf.examples.sermon";
    private static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** Who may use whom: each layer only those beneath it; the root composes them all. */
    private static ArchRule layers(String fixturePackage) {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Root").definedBy(ROOT)
                .layer("Http").definedBy(ROOT + ".http..")
                .layer("Tus").definedBy(ROOT + ".tus..")
                .layer("Notify").definedBy(ROOT + ".notify..")
                .layer("S3").definedBy(ROOT + ".s3..")
                .layer("Upload").definedBy(ROOT + ".upload..")
                .layer("Library").definedBy(ROOT + ".library..", fixturePackage)
                .layer("Wav").definedBy(ROOT + ".wav..")
                .whereLayer("Root").mayNotBeAccessedByAnyLayer()
                .whereLayer("Http").mayOnlyBeAccessedByLayers("Root")
                .whereLayer("Tus").mayOnlyBeAccessedByLayers("Root", "Http")
                .whereLayer("Notify").mayOnlyBeAccessedByLayers("Root")
                .whereLayer("S3").mayOnlyBeAccessedByLayers("Root")
                .whereLayer("Upload").mayOnlyBeAccessedByLayers("Root", "Http", "Tus", "Notify")
                .whereLayer("Library").mayOnlyBeAccessedByLayers("Root", "Http", "Tus", "Notify", "S3", "Upload")
                .whereLayer("Wav").mayOnlyBeAccessedByLayers("Root", "Http", "Tus", "Notify", "S3", "Upload", "Library");
    }

    /** Jetty's server and HTTP types belong to http/ alone (jetty.io's content and buffers may be used below). */
    private static final ArchRule ONLY_HTTP_SPEAKS_HTTP = noClasses().that().resideOutsideOfPackage(ROOT + ".http..")
            .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty.server..", "org.eclipse.jetty.http..");

    @Test
    void eachLayerUsesOnlyTheLayersBeneathIt() {
        layers(ROOT + ".library..").check(MAIN);
    }

    @Test
    void thePackagesHaveNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlyHttpImportsJettysServerAndHttpTypes() {
        ONLY_HTTP_SPEAKS_HTTP.check(MAIN);
    }

    /** The rules are not vacuous: a lower class importing http/ is caught, as are its Jetty HTTP types. */
    @Test
    void aLowerClassThatImportsHttpBreaksTheRules() {
        JavaClasses withFixture = new ClassFileImporter().importPackages(ROOT + ".http", ROOT + ".archfixture");
        assertThrows(AssertionError.class, () -> layers(ROOT + ".archfixture..").check(withFixture));
    }
}
