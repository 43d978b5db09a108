package org.alterna;

import static org.assertj.core.api.Assertions.assertThat;

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
        Path root = Path.of("src/main/java/org/alterna");
        try (Stream<Path> dirs = Files.walk(root)) {
            List<Path> missing = dirs.filter(Files::isDirectory).filter(d -> !d.equals(root))
                    .filter(d -> !Files.exists(d.resolve("package-info.java"))).toList();
            assertThat(missing).as("packages without package-info.java").isEmpty();
        }
    }

    @Test
    void writesTheModuleDiagram() {
        new Documenter(MODULES).writeModulesAsPlantUml();
        assertThat(Path.of("target/spring-modulith-docs")).isDirectory();
    }
}
