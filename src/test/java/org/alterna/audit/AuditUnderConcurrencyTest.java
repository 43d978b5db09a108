package org.alterna.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * More audited requests at once than the shared pool has connections: each request holds its connection while its
 * entry is appended after commit, so appending must not need a second connection from the same pool.
 */
@H2Test
@TestPropertySource(properties = {"spring.datasource.hikari.maximum-pool-size=3",
    "spring.datasource.hikari.connection-timeout=4000"})
class AuditUnderConcurrencyTest {
    @LocalServerPort
    int port;
    @Autowired
    AuditVerifier verifier;
    @Autowired
    AuditTrail trail;

    @Test
    void concurrentAuditedChangesAllSucceedAndChainOnce() throws Exception {
        int requests = 24;
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String imei = String.format("35999%010d", i);
                answers.add(pool.submit(() -> Api.as(port, "supervisor").post("/api/v1/devices",
                        Map.of("uniqueId", imei, "model", "FMB920", "protocol", "teltonika"))));
            }
            for (Future<Api.Response> answer : answers) {
                Api.Response r = answer.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        // one entry per registration, in one unbroken chain
        List<AuditTrail.Entry> registered = trail.search(null, null, null, null, null, null, 10_000).stream()
                .filter(e -> e.recordId() != null && e.recordId().startsWith("35999")).toList();
        assertThat(registered).hasSize(requests);
        AuditVerifier.Result result = verifier.verify();
        assertThat(result.intact()).as(result.toString()).isTrue();
    }
}
