package org.alterna.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.server.ResponseStatusException;

/** The public verification takes at most a few uploads at once; the next is told to come back, and none is lost. */
class VerificationLoadLimitTest {
    @Test
    void beyondTheLimitAnUploadIsAnswered503WithRetryAfterAndTheSlotComesBack() throws Exception {
        EvidenceController controller = new EvidenceController(null, null);
        String key = java.util.Base64.getEncoder().encodeToString(java.security.KeyPairGenerator.getInstance("Ed25519")
                .generateKeyPair().getPublic().getEncoded());
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/evidence/verification");
        request.setContent("not a package".getBytes());
        controller.running.acquire(EvidenceController.CONCURRENT); // every slot busy
        assertThatThrownBy(() -> controller.verify(request, key))
                .isInstanceOfSatisfying(ResponseStatusException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
                });
        controller.running.release(EvidenceController.CONCURRENT);

        {
            var result = controller.verify(request, key);
            assertThat(result.intact()).isFalse();
            assertThat(result.problems()).anySatisfy(p -> assertThat(p.toString()).contains("NOT_A_PACKAGE"));
        }
        assertThat(controller.running.availablePermits()).as("every slot released").isEqualTo(EvidenceController.CONCURRENT);
    }
}
