package org.alterna.commands;

import static org.assertj.core.api.Assertions.assertThat;

import org.alterna.identity.Role;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.ScopeFixture;
import org.alterna.testsupport.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * A device's commands, its list and its console page, only for a device in the caller's scope: an operator of
 * another monitoring centre gets 404 exactly as for a missing device, from the API and from the page.
 */
@H2Test
class DeviceCommandsScopeTest {
    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void anOperatorSeesTheCommandsOfTheDevicesOfTheirCentreOnly() {
        ScopeFixture fx = ScopeFixture.of(port, context);
        String operatorA = fx.a.user(Role.OPERATOR, 1);
        Api api = fx.as(operatorA);

        Api.Response own = api.get("/api/v1/devices/" + fx.a.deviceId + "/commands");
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.json().get("deviceId").stringValue()).isEqualTo(fx.a.deviceId);
        assertThat(own.json().get("accepts").isArray()).isTrue();
        Api.Response other = api.get("/api/v1/devices/" + fx.b.deviceId + "/commands");
        Api.Response missing = api.get("/api/v1/devices/860000000000000/commands");
        assertThat(other.status()).isEqualTo(404).isEqualTo(missing.status());
        assertThat(other.body().replace(fx.b.deviceId, "ID")).isEqualTo(missing.body().replace("860000000000000", "ID"));
        assertThat(api.post("/api/v1/devices/" + fx.b.deviceId + "/commands", java.util.Map.of("kind", "VIBRATE"))
                .status()).isEqualTo(404);

        WebSession console = WebSession.login(port, operatorA, ScopeFixture.PASSWORD);
        assertThat(console.get("/console/devices/" + fx.a.deviceId).status()).isEqualTo(200);
        var page = console.get("/console/devices/" + fx.b.deviceId);
        var absent = console.get("/console/devices/860000000000000");
        assertThat(page.status()).isEqualTo(404).isEqualTo(absent.status());
        assertThat(page.body()).doesNotContain(fx.b.deviceId);
        // police never open it
        WebSession police = WebSession.login(port, fx.a.user(Role.POLICE, 1), ScopeFixture.PASSWORD);
        assertThat(police.get("/console/devices/" + fx.a.deviceId).status()).isEqualTo(403);
    }
}
