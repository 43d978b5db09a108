package org.alterna.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.alterna.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Several application processes append to one audit trail: each has its own connection pool and its own
 * {@link AuditTrail} (nothing shared in memory), and every append runs in the transaction of the change it records.
 * The database orders them: one unbroken chain, no number used twice or skipped. A change that rolls back leaves no
 * entry.
 */
class AuditAcrossProcessesTest {
    static final int PROCESSES = 2;
    static final int THREADS = 4;
    static final int CHANGES = 25;

    @Test
    void twoProcessesAppendingAtOnceMakeOneChainOnPostgres() throws Exception {
        String[] db = TestPostgres.newDatabase();
        run(db[0], db[1], db[2], "postgresql");
    }

    @Test
    void twoConnectionPoolsAppendingAtOnceMakeOneChainOnH2() throws Exception {
        String url = "jdbc:h2:mem:audit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        run(url, "sa", "", "h2");
    }

    private void run(String url, String user, String password, String vendor) throws Exception {
        Flyway.configure().dataSource(url, user, password)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor).load().migrate();
        List<HikariDataSource> pools = new ArrayList<>();
        List<AuditTrail> trails = new ArrayList<>();
        List<TransactionTemplate> txs = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            HikariDataSource ds = new HikariDataSource();
            ds.setJdbcUrl(url);
            ds.setUsername(user);
            ds.setPassword(password);
            ds.setMaximumPoolSize(THREADS);
            pools.add(ds);
            JdbcTransactionManager tm = new JdbcTransactionManager(ds);
            trails.add(new AuditTrail(JdbcClient.create(ds), tm, Clock.systemUTC()));
            txs.add(new TransactionTemplate(tm));
        }
        Actor actor = new Actor("supervisor", Role.SUPERVISOR, null, "Lima", null);
        ExecutorService threads = Executors.newFixedThreadPool(PROCESSES * THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < PROCESSES; p++) {
                int process = p;
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < CHANGES; i++) {
                            String id = process + "-" + thread + "-" + i;
                            txs.get(process).executeWithoutResult(s -> trails.get(process).record(actor,
                                    new Audited("device.register", "Device", id, "process " + process), null));
                        }
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            // a change that fails after its entry was appended takes the entry with it
            assertThatThrownBy(() -> txs.get(0).executeWithoutResult(s -> {
                trails.get(0).record(actor, new Audited("device.register", "Device", "rolled-back", null), null);
                throw new IllegalStateException("the change failed");
            })).isInstanceOf(IllegalStateException.class);
        } finally {
            threads.shutdownNow();
        }
        JdbcClient jdbc = JdbcClient.create(pools.get(0));
        int total = PROCESSES * THREADS * CHANGES;
        List<Long> seqs = jdbc.sql("select seq from audit_entry order by seq").query(Long.class).list();
        assertThat(seqs).hasSize(total);
        assertThat(seqs.get(0)).isEqualTo(1);
        assertThat(seqs.get(seqs.size() - 1)).isEqualTo(total);
        assertThat(jdbc.sql("select count(*) from audit_entry where record_id = 'rolled-back'").query(Long.class)
                .single()).isZero();
        assertThat(trails.get(1).head().seq()).isEqualTo(total);
        AuditVerifier verifier = new AuditVerifier(jdbc, new AuditAnchors(trails.get(0),
                new InstallationKey(java.nio.file.Files.createTempDirectory("keys")), Clock.systemUTC(), ""));
        AuditVerifier.Result result = verifier.verify();
        assertThat(result.intact()).as(result.toString()).isTrue();
        assertThat(result.entries()).isEqualTo(total);
        pools.forEach(HikariDataSource::close);
    }
}
