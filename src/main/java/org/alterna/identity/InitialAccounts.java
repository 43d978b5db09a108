package org.alterna.identity;

import java.security.SecureRandom;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The accounts a new installation starts with. Outside demo mode there is no default password: the first start
 * creates {@code admin} with a random password printed once. Demo mode creates one account per role, password
 * {@code demo}, clearly for evaluation only.
 */
@Component
@Order(0)
class InitialAccounts implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(InitialAccounts.class);

    /** Scopes of the demo accounts; the demo data uses the same court, region and centre codes. */
    static final String DEMO_COURT_A = "JIP-LIMA-01";
    static final String DEMO_COURT_B = "JIP-LIMA-02";
    static final String DEMO_REGION = "Lima";
    static final String DEMO_CENTRE = "CM-LIMA";

    private final UserAccounts accounts;
    private final boolean demo;
    private final String initialAdminPassword;
    private final boolean createInitialAdmin;

    InitialAccounts(UserAccounts accounts, @Value("${alterna.identity.demo-accounts:${alterna.demo.enabled:false}}") boolean demo,
            @Value("${alterna.identity.initial-admin-password:}") String initialAdminPassword,
            @Value("${alterna.identity.create-initial-admin:true}") boolean createInitialAdmin) {
        this.accounts = accounts;
        this.createInitialAdmin = createInitialAdmin;
        this.demo = demo;
        this.initialAdminPassword = initialAdminPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (demo) {
            createDemoAccounts();
        } else if (createInitialAdmin && accounts.isEmpty()) {
            boolean random = initialAdminPassword.isBlank();
            String password = random ? randomPassword() : initialAdminPassword;
            accounts.create(new UserAccounts.AccountRequest("admin", password, Role.ADMIN, "Administrator",
                    null, null, null, null, null, true));
            if (random) {
                // printed once, on the console only: it is not stored anywhere in clear
                System.out.println("""

                        ==================================================================
                          Alterna: first start. Administrator account created.
                            user:     admin
                            password: %s
                          Change it after logging in (POST /api/v1/me/password).
                        ==================================================================
                        """.formatted(password));
            }
        }
    }

    private void createDemoAccounts() {
        List<UserAccounts.AccountRequest> demoAccounts = List.of(
                demoAccount("admin", Role.ADMIN, "Administración Alterna (demo)", null, null, null),
                demoAccount("supervisor", Role.SUPERVISOR, "Supervisora INPE Lima (demo)", null, DEMO_REGION, null),
                demoAccount("operator", Role.OPERATOR, "Operador Centro de Monitoreo (demo)", null, null, DEMO_CENTRE),
                demoAccount("judge", Role.JUDGE, "Juez 1.er JIP Lima (demo)", DEMO_COURT_A, null, null),
                demoAccount("judge2", Role.JUDGE, "Jueza 2.º JIP Lima (demo)", DEMO_COURT_B, null, null),
                demoAccount("prosecutor", Role.PROSECUTOR, "Fiscal provincial (demo)", null, null, null),
                demoAccount("police", Role.POLICE, "Policía Nacional (demo)", null, DEMO_REGION, null),
                demoAccount("auditor", Role.AUDITOR, "Auditoría (demo)", null, null, null));
        int created = 0;
        for (UserAccounts.AccountRequest account : demoAccounts) {
            if (accounts.find(account.username()).isEmpty()) {
                accounts.create(account);
                created++;
            }
        }
        if (created > 0) {
            log.info("Demo mode: {} demo accounts created (password 'demo')", created);
        }
    }

    private static UserAccounts.AccountRequest demoAccount(String username, Role role, String name, String court,
            String region, String centre) {
        return new UserAccounts.AccountRequest(username, "demo", role, name, username + "@demo.alterna.invalid",
                null, court, region, centre, true);
    }

    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
