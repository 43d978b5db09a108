package org.alterna;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Capabilities depend on each other only through their public API, without cycles; each says what it owns. */
class ModularityTest {
    static final ApplicationModules MODULES = ApplicationModules.of(AlternaApplication.class);

    @Test
    void moduleBoundariesHold() {
        MODULES.verify();
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
