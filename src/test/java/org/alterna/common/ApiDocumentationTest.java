package org.alterna.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The OpenAPI document and its UI describe the API to logged-in users. */
@H2Test
class ApiDocumentationTest {
    @LocalServerPort
    int port;

    @Test
    void theOpenApiDocumentListsTheApi() {
        Api.Response doc = Api.as(port, "operator").get("/api/v1/openapi");
        assertThat(doc.status()).as(doc.toString()).isEqualTo(200);
        assertThat(doc.json().get("openapi").asString()).startsWith("3.");
        assertThat(doc.json().get("paths").has("/api/v1/orders")).isTrue();
        assertThat(doc.json().get("paths").has("/api/v1/audit/verify")).isTrue();
        assertThat(Api.anonymous(port).get("/api/v1/openapi").status()).isEqualTo(401);
    }

    @Test
    void theDocumentationUiIsServed() {
        Api.Response ui = Api.as(port, "operator").get("/api/v1/swagger-ui/index.html");
        assertThat(ui.status()).as(ui.toString()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("swagger");
    }
}
