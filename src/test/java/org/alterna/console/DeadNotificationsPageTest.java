package org.alterna.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The administrator's page of dead notifications in a real Chromium: a delivery that failed every attempt is listed
 * with its error, shown literally even when the receiver's answer carries markup, and can be sent again.
 */
@H2Test
class DeadNotificationsPageTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theAdministratorSeesDeadDeliveriesAndSendsOneAgain() {
        UUID id = UUID.randomUUID();
        String target = "+51 999 <img src=x onerror=\"document.title='pwned'\">";
        String error = "HTTP 502 <script>document.title='pwned'</script>";
        Timestamp now = Timestamp.from(Instant.now());
        // a row as the dispatcher leaves it after the last failed attempt (SMS is not configured in tests, so the
        // retried delivery fails again and waits for its back-off instead of disappearing)
        jdbc.sql("""
                INSERT INTO notification_outbox (id, event, channel, target, receiver, subject, body, status, attempts,
                    next_attempt_at, last_error, created_at) VALUES (?, 'RAISED', 'SMS', ?, 'SMS', 's', 'b', 'DEAD', 8,
                    ?, ?, ?)""").params(id, target, now, error, now).update();
        try (Browser browser = new Browser(port)) {
            browser.login("supervisor");
            assertThat(browser.navIds()).doesNotContain("nav-notifications");
            browser.open("/console/notifications");
            assertThat(browser.find("forbidden").isDisplayed()).isTrue();
            browser.browserLog(); // the expected 403 of the page itself

            browser.login("admin");
            assertThat(browser.navIds()).contains("nav-notifications");
            browser.openLoaded("/console/notifications");
            By row = By.cssSelector("#dead-table tr[data-id='" + id + "']");
            WebElement tr = browser.driver.findElement(row);
            assertThat(tr.getText()).contains(target).contains(error).contains("8");
            assertThat(browser.driver.getTitle()).doesNotContain("pwned");
            assertThat(tr.findElements(By.tagName("img"))).isEmpty();
            browser.screenshot("dead-notifications");
            browser.click(By.cssSelector("#dead-table tr[data-id='" + id + "'] button.retry"));
            browser.waiting().until(d -> d.findElements(row).isEmpty());
            assertThat(browser.find("notice").getText()).isEqualTo("Notificación puesta de nuevo en cola.");
            assertThat(jdbc.sql("select status from notification_outbox where id = ?").param(id)
                    .query(String.class).single()).isEqualTo("PENDING");
            assertThat(jdbc.sql("select count(*) from audit_entry where action = 'notification.retry' and record_id = ?")
                    .param(id.toString()).query(Long.class).single()).isEqualTo(1);
            browser.assertNoBrowserErrors();
        }
    }
}
