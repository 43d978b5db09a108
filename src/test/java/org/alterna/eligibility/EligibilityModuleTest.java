package org.alterna.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.alterna.orders.PenalCentreImport;
import org.alterna.simulation.fleet.RegisterGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.ActiveProfiles;

/**
 * Eligibility on its own: started with only the capabilities it declares (orders, identity, audit, common), without
 * the gateway, the engine, the desk or the console, it imports a register, triages it and lists the candidates.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
@ActiveProfiles("test")
class EligibilityModuleTest {
    @Autowired
    ApplicationContext context;
    @Autowired
    PenalCentreImport centres;
    @Autowired
    RegisterImports imports;
    @Autowired
    CandidateService candidates;

    @Test
    void aRegisterIsTriagedWithOnlyTheCapabilitiesEligibilityDeclares() {
        assertThat(context.getBeanNamesForType(org.alterna.gateway.GatewayPorts.class)).as("no gateway").isEmpty();
        assertThat(context.getBeanNamesForType(org.alterna.telemetry.FixStore.class)).as("no telemetry").isEmpty();

        centres.importBundled();
        String csv = RegisterGenerator.csv(11, 0.01, LocalDate.now(ZoneId.of("America/Lima")));
        long people = csv.lines().count() - 1;
        Actor admin = new Actor("admin", Role.ADMIN, null, null, null);
        RegisterImports.Job job = imports.submit(csv.getBytes(StandardCharsets.UTF_8), RegisterImports.Mode.REPLACE,
                admin);
        await().atMost(Duration.ofSeconds(60)).until(() -> imports.job(job.id, admin).state == RegisterImports.State.DONE
                || imports.job(job.id, admin).state == RegisterImports.State.FAILED);
        assertThat(job.state).as(String.valueOf(job.message)).isEqualTo(RegisterImports.State.DONE);
        assertThat(job.rows).isEqualTo((int) people);
        assertThat(candidates.count(admin, RegisterRepository.Filter.none())).isEqualTo(people);
        assertThat(job.byStatus).containsKey(Status.ELIGIBLE);
    }
}
