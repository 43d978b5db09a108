package org.alterna.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.alterna.gateway.GatewayPorts;
import org.alterna.gateway.TeltonikaClient;
import org.alterna.testsupport.ActiveOrders;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Locate now from the console, both ways through a real socket: the operator clicks "Ubicar ahora" in the person
 * view and in the alarm view; a scripted Teltonika ankle tag (Codec 14) connected to the gateway takes the
 * {@code getrecord} command and answers with a record; the command shows CONFIRMED in the person's list of commands
 * and the new position is the person's on the live map. The tag also vibrates when asked from the device page.
 */
@H2Test
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocateNowBrowserTest {
    @LocalServerPort
    int port;
    @Autowired
    GatewayPorts gatewayPorts;

    Browser browser;
    Api operator;

    @BeforeAll
    void start() {
        operator = Api.as(port, "operator");
        browser = new Browser(port);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    /**
     * Reads the commands the gateway sends: a {@code setparam} (pursuit mode asked by the engine) is answered as
     * the device does and the next one is read; returns the first other command's text.
     */
    static String nextCommand(TeltonikaClient device, String imei) throws IOException {
        while (true) {
            String text;
            if (!device.commands().isEmpty()) {
                text = TeltonikaClient.commandText(device.commands().remove(0));
            } else {
                byte[] head = new byte[8];
                for (int i = 0; i < 8; i++) {
                    int b = device.readByte();
                    assertThat(b).as("connection open").isNotNegative();
                    head[i] = (byte) b;
                }
                assertThat(ByteBuffer.wrap(head, 0, 4).getInt()).as("preamble of a command message").isZero();
                byte[] data = new byte[ByteBuffer.wrap(head, 4, 4).getInt() + 4];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) device.readByte();
                }
                assertThat(data[0]).as("the ankle tag takes Codec 14").isEqualTo((byte) 0x0E);
                assertThat(HexFormat.of().formatHex(data, 7, 15)).as("addressed to its IMEI").isEqualTo("0" + imei);
                text = TeltonikaClient.commandText(data);
            }
            if (!text.startsWith("setparam ")) {
                return text;
            }
            device.send(codec14Response(imei, "New value " + text.substring(9)));
        }
    }

    /** A Codec 14 answer of the device (type 06: addressed to its own IMEI). */
    static byte[] codec14Response(String imei, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        int size = 1 + 1 + 1 + 4 + 8 + t.length + 1;
        ByteBuffer b = ByteBuffer.allocate(8 + size + 4).putInt(0).putInt(size).put((byte) 0x0E).put((byte) 1)
                .put((byte) 0x06).putInt(8 + t.length).put(HexFormat.of().parseHex("0" + imei)).put(t).put((byte) 1);
        byte[] out = b.array();
        int crc = 0;
        for (int i = 8; i < 8 + size; i++) {
            crc ^= out[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        ByteBuffer.wrap(out, 8 + size, 4).putInt(crc);
        return out;
    }

    /** Answers a getrecord with a record at the given position, now, and reads its acknowledgement. */
    static void answerWithRecord(TeltonikaClient device, double lat, double lon) throws IOException {
        device.send(TeltonikaClient.avlPacket(List.of(new TeltonikaClient.Rec(Instant.now().minusSeconds(1), lat, lon,
                9, 0))));
        assertThat(device.readAck()).isEqualTo(1);
    }

    /** The person's entry on the live map, once its latitude is {@code lat}; and its marker visible. */
    void onTheMapAt(String orderId, double lat) {
        browser.openLoaded("/console/map");
        By item = By.cssSelector("#people-list li[data-order='" + orderId + "']");
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(item));
        String shown = browser.attribute(item, "data-lat");
        assertThat(Double.parseDouble(shown)).as("the located position is the person's on the map")
                .isCloseTo(lat, Offset.offset(1e-5));
        browser.click(By.cssSelector("#people-list li[data-order='" + orderId + "'] button"));
        WebElement marker = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                ".leaflet-marker-pane .leaflet-marker-icon.person-marker span[data-order='" + orderId + "']")));
        assertThat(marker.isDisplayed()).isTrue();
    }

    /** The command's row in the page's list of commands, once it shows {@code status}. */
    WebElement commandRow(long id, String status) {
        By row = By.cssSelector("#commands-table tr[data-command='" + id + "']");
        browser.waiting().until(d -> status.equals(d.findElement(row).getAttribute("data-status")));
        return browser.driver.findElement(row);
    }

    @Test
    void fromThePersonViewTheLocatedPositionArrivesOnTheMapAndTheCommandIsConfirmed() throws Exception {
        String orderId = ActiveOrders.create(port, "HOUSE_ARREST", ConsoleBrowserTest.HOUSE_ARREST);
        String imei = ActiveOrders.device(port, orderId, "PERSON_UNIT");
        try (TeltonikaClient device = TeltonikaClient.connect(gatewayPorts.port("teltonika"))) {
            assertThat(device.login(imei)).isEqualTo(1);
            device.send(TeltonikaClient.avlPacket(List.of(new TeltonikaClient.Rec(Instant.now().minusSeconds(120),
                    -12.1200, -77.0300, 9, 0))));
            assertThat(device.readAck()).isEqualTo(1);

            browser.login("operator");
            browser.openLoaded("/console/orders/" + orderId);
            WebElement locate = browser.find("person-locate");
            browser.find("commands-table");
            assertThat(browser.find("commands-note").getText()).contains("teltonika-ankle-tag");
            // the tag takes locate now and vibrate; it has no display: no message to the wearer is offered
            assertThat(browser.find("command-VIBRATE").isDisplayed()).isTrue();
            assertThat(browser.driver.findElements(By.id("message-form"))).isEmpty();
            locate.click();
            browser.waiting().until(d -> d.findElement(By.id("notice")).getText().startsWith("Pedido de ubicación n.º"));

            assertThat(nextCommand(device, imei)).isEqualTo("getrecord");
            var list = operator.get("/api/v1/devices/" + imei + "/commands").json().get("commands");
            long id = list.get(0).get("id").longValue();
            assertThat(list.get(0).get("kind").stringValue()).isEqualTo("LOCATE_NOW");
            WebElement sent = commandRow(id, "SENT");
            assertThat(sent.getText()).contains("Ubicar ahora", "Enviado", "operator");

            answerWithRecord(device, -12.1204, -77.0302);
            WebElement confirmed = commandRow(id, "CONFIRMED");
            assertThat(confirmed.getText()).contains("Confirmado", "1 / ");
            browser.screenshot("person-commands");
            browser.assertNoBrowserErrors();

            onTheMapAt(orderId, -12.1204);
            browser.assertNoBrowserErrors();

            // the device page: vibrate the tag, answered by the device
            browser.openLoaded("/console/devices/" + imei);
            browser.find("command-VIBRATE").click();
            assertThat(nextCommand(device, imei)).isEqualTo("setdigout 1 5");
            long vibrate = operator.get("/api/v1/devices/" + imei + "/commands").json().get("commands").get(0)
                    .get("id").longValue();
            device.send(codec14Response(imei, "DOUT1:ON Timeout:5s"));
            WebElement done = commandRow(vibrate, "CONFIRMED");
            assertThat(done.getText()).contains("Vibrar", "DOUT1:ON Timeout:5s");
            assertThat(browser.driver.findElements(By.cssSelector("#commands-table tr[data-command]"))).hasSize(2);
            browser.assertNoBrowserErrors();
        }
    }

    @Test
    void fromTheAlarmViewTheLocatedPositionArrivesOnTheMap() throws Exception {
        String orderId = ActiveOrders.create(port, "HOUSE_ARREST", ConsoleBrowserTest.HOUSE_ARREST);
        String imei = ActiveOrders.device(port, orderId, "PERSON_UNIT");
        try (TeltonikaClient device = TeltonikaClient.connect(gatewayPorts.port("teltonika"))) {
            assertThat(device.login(imei)).isEqualTo(1);
            for (TeltonikaClient.Rec rec : ConsoleBrowserTest.walkOut(Instant.now().minusSeconds(20 * 60))) {
                device.send(TeltonikaClient.avlPacket(List.of(rec)));
                assertThat(device.readAck()).isEqualTo(1);
            }
            String alarmId = null;
            for (int i = 0; i < 100 && alarmId == null; i++) {
                var alarms = operator.get("/api/v1/alarms?orderId=" + orderId).json();
                if (alarms.size() > 0) {
                    alarmId = alarms.get(0).get("id").stringValue();
                } else {
                    Thread.sleep(100);
                }
            }
            assertThat(alarmId).as("the walk-out raised an alarm").isNotNull();

            browser.login("operator");
            browser.openLoaded("/console/alarms#" + alarmId);
            String wanted = alarmId;
            browser.waiting().until(d -> wanted.equals(d.findElement(By.id("alarm-detail")).getAttribute("data-alarm")));
            browser.find("alarm-locate").click();
            browser.waiting().until(d -> d.findElement(By.id("notice")).getText().startsWith("Pedido de ubicación n.º"));

            assertThat(nextCommand(device, imei)).isEqualTo("getrecord");
            List<Long> fromAlarm = new ArrayList<>();
            for (var c : operator.get("/api/v1/devices/" + imei + "/commands").json().get("commands")) {
                if (c.hasNonNull("alarmId") && alarmId.equals(c.get("alarmId").stringValue())) {
                    assertThat(c.get("kind").stringValue()).isEqualTo("LOCATE_NOW");
                    assertThat(c.get("reason").stringValue()).isEqualTo("ALARM");
                    fromAlarm.add(c.get("id").longValue());
                }
            }
            assertThat(fromAlarm).hasSize(1);
            answerWithRecord(device, -12.1050, -77.0300);

            // the person view lists it CONFIRMED, asked from the alarm
            browser.openLoaded("/console/orders/" + orderId);
            WebElement row = commandRow(fromAlarm.get(0), "CONFIRMED");
            assertThat(row.getText()).contains("Ubicar ahora", "desde una alarma");
            onTheMapAt(orderId, -12.1050);
            browser.assertNoBrowserErrors();
        }
    }
}
