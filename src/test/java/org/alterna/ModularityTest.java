package org.alterna;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;
import org.springframework.modulith.docs.Documenter;

/**
 * Capabilities depend on each other only through their public API, without cycles, and only on the capabilities their
 * {@code package-info.java} declares ({@code @ApplicationModule(allowedDependencies = ...)}); each says what it owns.
 */
class ModularityTest {
    static final ApplicationModules MODULES = ApplicationModules.of(AlternaApplication.class);

    @Test
    void moduleBoundariesHold() {
        MODULES.verify();
    }

    @Test
    void aDependencyAModuleDoesNotDeclareFailsTheCheck() {
        // desk declares records only and also uses accounts (test classes are imported for this small application)
        Violations violations = ApplicationModules.of("org.alterna.testsupport.boundaries", location -> true)
                .detectViolations();
        assertThat(violations.hasViolations()).isTrue();
        assertThat(violations.getMessages()).anyMatch(m -> m.contains("desk") && m.contains("accounts"))
                .noneMatch(m -> m.contains("records.Entry"));
    }

    @Test
    void everyCapabilityDeclaresWhatItMayUse() {
        // the shared kernel is open
        List<String> undeclared = MODULES.stream()
                .filter(m -> !m.getName().equals("common"))
                .filter(m -> m.getAllowedDependencies(MODULES).isEmpty()).map(ApplicationModule::getName).toList();
        assertThat(undeclared).as("modules without allowedDependencies").isEmpty();
    }

    @Test
    void everyPackageSaysWhatItOwns() throws Exception {
        for (Path root : List.of(Path.of("src/main/java/org/alterna"), Path.of("src/sim/java/org/alterna"))) {
            try (Stream<Path> dirs = Files.walk(root)) {
                List<Path> missing = dirs.filter(Files::isDirectory).filter(d -> !d.equals(root))
                        .filter(d -> !Files.exists(d.resolve("package-info.java"))).toList();
                assertThat(missing).as("packages without package-info.java").isEmpty();
            }
        }
    }

    @Test
    void theServerDoesNotDependOnTheSimulationTools() {
        // the tools reach the server through its public API; the server reaches them only through ServiceLoader
        // (their commands) and component scanning (demo mode, on with alterna.demo.enabled)
        JavaClasses production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.alterna");
        noClasses().that().resideOutsideOfPackage("org.alterna.simulation..")
                .should().dependOnClassesThat().resideInAPackage("org.alterna.simulation..")
                .because("the simulation and measurement tools are not part of the server")
                .check(production);
        assertThat(MODULES.getModuleByName("simulation")).isPresent();
        assertThat(MODULES.stream().filter(m -> !m.getName().equals("simulation"))
                .filter(m -> m.getDependencies(MODULES).containsModuleNamed("simulation"))
                .map(ApplicationModule::getName)).as("server modules depending on the simulation tools").isEmpty();
        assertThat(Path.of("src/main/java/org/alterna/simulation")).as("the tools are compiled apart").doesNotExist();
    }

    @Test
    void writesTheModuleDiagram() {
        new Documenter(MODULES).writeModulesAsPlantUml();
        assertThat(Path.of("target/spring-modulith-docs")).isDirectory();
    }
}
