package org.alterna.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.alterna.alarms.AlarmIntake;
import org.alterna.reports.CaseFixture;
import org.alterna.reports.evidence.EvidenceTamperingTest;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * In the browser: the judge makes a compliance report from the order page and downloads it, the operator sees no
 * reports (only the replay scenario), and anyone without an account verifies the evidence package on the public page,
 * which names the row of a tampered copy.
 */
@H2Test
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsBrowserTest {
    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AlarmIntake intake;

    @TempDir
    Path dir;

    Browser browser;
    CaseFixture c;

    @BeforeAll
    void start() {
        c = CaseFixture.create(port, jdbc, intake);
        browser = new Browser(port);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theJudgeMakesAReportAndAnyoneVerifiesItsPackage() throws Exception {
        browser.login("judge");
        browser.openLoaded("/console/orders/" + c.orderId);
        assertThat(browser.find("reports-section").isDisplayed()).isTrue();
        assertThat(browser.driver.findElement(By.id("scenario-link")).isDisplayed()).isTrue();
        browser.find("report-make").click();
        // making a report reads the whole case: allow for a loaded machine
        WebElement report = new org.openqa.selenium.support.ui.WebDriverWait(browser.driver,
                java.time.Duration.ofSeconds(90)).until(d -> d.findElement(
                By.cssSelector("#report-list li[data-kind='COMPLIANCE_REPORT'] a.document-download")));
        assertThat(browser.find("notice").getText()).isEqualTo("Informe generado.");
        assertThat(report.getText()).isEqualTo("Descargar");
        String evidenceHref = browser.attribute(
                By.cssSelector("#report-list li[data-kind='EVIDENCE_PACKAGE'] a.document-download"), "href");
        assertThat(browser.find("court-report-link").getAttribute("href")).endsWith("#reports-section");
        assertThat(browser.driver.findElements(By.cssSelector("#incident-reports a.incident-pdf"))).hasSize(1);
        browser.screenshot("order-reports");
        browser.assertNoBrowserErrors();

        // the operator handles alarms; court reports are not theirs to read
        browser.login("operator");
        browser.openLoaded("/console/orders/" + c.orderId);
        assertThat(browser.driver.findElement(By.id("reports-section")).isDisplayed()).isFalse();
        assertThat(browser.driver.findElement(By.id("scenario-link")).isDisplayed()).isTrue();
        browser.assertNoBrowserErrors();

        // anyone, without an account, on the public page
        HttpResponse<byte[]> zip = CaseFixture.getBytes(port, "judge", evidenceHref.substring(evidenceHref.indexOf("/api/")));
        assertThat(zip.statusCode()).isEqualTo(200);
        Path intact = dir.resolve("evidencias.zip");
        Files.write(intact, zip.body());
        Path tampered = dir.resolve("evidencias-alterado.zip");
        Files.write(tampered, EvidenceTamperingTest.rewrite(zip.body(), "fixes.csv", csv -> {
            List<String> l = EvidenceTamperingTest.lines(csv);
            l.remove(42);
            return EvidenceTamperingTest.join(l);
        }));
        browser.driver.manage().deleteAllCookies();
        browser.open("/login");
        browser.find("verify-link").click();
        browser.waiting().until(d -> d.getCurrentUrl().endsWith("/verificar"));
        browser.waiting().until(d -> !d.findElement(By.id("installation-key")).getText().isEmpty());
        browser.find("verify-file").sendKeys(intact.toString());
        browser.find("verify-submit").click();
        browser.waiting().until(d -> "true".equals(d.findElement(By.id("verify-verdict")).getAttribute("data-intact")));
        assertThat(browser.find("verify-verdict").getText()).startsWith("El paquete está íntegro");
        browser.screenshot("verify-intact");

        browser.driver.navigate().refresh();
        browser.find("verify-file").sendKeys(tampered.toString());
        browser.find("verify-submit").click();
        browser.waiting().until(d -> "false".equals(d.findElement(By.id("verify-verdict")).getAttribute("data-intact")));
        WebElement removed = browser.driver.findElement(By.cssSelector("#verify-problems li[data-code='ROW_REMOVED']"));
        assertThat(removed.getAttribute("data-row")).isEqualTo("42");
        assertThat(removed.getText()).isEqualTo("fixes.csv: la fila 42 fue eliminada.");
        browser.screenshot("verify-tampered");
        browser.assertNoBrowserErrors();
    }
}
