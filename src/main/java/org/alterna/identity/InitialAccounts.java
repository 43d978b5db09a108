package org.alterna.identity;

import java.security.SecureRandom;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * The accounts a new installation starts with. Outside demo mode there is no default password: the first start
 * creates {@code admin} with a random password printed once, which must be changed at first login (the console shows
 * the password page, the API refuses everything else); a password given in
 * {@code alterna.identity.initial-admin-password} must satisfy the password policy. Demo mode (and the tests) create
 * one account per role with the documented password {@code demo}, clearly for evaluation only: the only accounts
 * exempt from the password policy, and they exist in no other mode.
 * <p>
 * The accounts are made once every bean exists (the schema migrated, the audit trail listening) and before the
 * server and the tracker gateway open their ports, so that no request ever meets an installation without them.
 */
@Component
@EnableConfigurationProperties(InitialAccounts.DemoInstallation.class)
class InitialAccounts implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(InitialAccounts.class);

    /** Scopes of the demo accounts; the demo data uses the same court, region and centre codes. */
    static final String DEMO_COURT_A = "JIP-LIMA-01";
    static final String DEMO_COURT_B = "JIP-LIMA-02";
    static final String DEMO_REGION = "Lima";
    static final String DEMO_CENTRE = "CM-LIMA";

    private final UserAccounts accounts;
    private final PasswordPolicy policy;
    private final boolean demo;
    private final String initialAdminPassword;
    private final boolean createInitialAdmin;

    /**
     * @param enabled {@code alterna.demo.enabled} (set by {@code serve --demo}): a demo installation, whose accounts
     *                are the demo ones unless {@code alterna.identity.demo-accounts} says otherwise
     */
    @ConfigurationProperties("alterna.demo")
    record DemoInstallation(@DefaultValue("false") boolean enabled) {
    }

    InitialAccounts(UserAccounts accounts, PasswordPolicy policy, IdentityProperties properties,
            DemoInstallation demoInstallation) {
        this.accounts = accounts;
        this.policy = policy;
        this.createInitialAdmin = properties.createInitialAdmin();
        this.demo = properties.demoAccounts() == null ? demoInstallation.enabled() : properties.demoAccounts();
        this.initialAdminPassword = properties.initialAdminPassword();
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (demo) {
            createDemoAccounts();
        } else if (createInitialAdmin && accounts.isEmpty()) {
            boolean random = initialAdminPassword.isBlank();
            String password = random ? randomPassword() : initialAdminPassword;
            if (!random) {
                try {
                    policy.check("admin", password, "password");
                } catch (org.alterna.common.InvalidInputException e) {
                    throw new IllegalStateException("alterna.identity.initial-admin-password: " + e.getMessage()
                            .substring(e.getMessage().indexOf(':') + 2));
                }
            }
            accounts.createInitialAdmin(new UserAccounts.AccountRequest("admin", password, Role.ADMIN,
                    "Administrator", null, null, null, null, null, true), random);
            if (random) {
                // printed once, on the console only: it is not stored anywhere in clear
                System.out.println("""

                        ==================================================================
                          Alterna: first start. Administrator account created.
                            user:     admin
                            password: %s
                          It must be changed at first login: the console asks for a new
                          one; the API answers 403 until POST /api/v1/me/password.
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
                accounts.createDemoAccount(account);
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

    static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
