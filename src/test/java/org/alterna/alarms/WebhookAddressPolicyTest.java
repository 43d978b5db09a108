package org.alterna.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** Which webhook destinations are refused: every non-public IPv4 and IPv6 range, also behind a name. */
class WebhookAddressPolicyTest {

    static WebhookAddressPolicy policy(List<String> allowed, Map<String, String> dns) {
        NotificationSettings settings = new NotificationSettings(8, new NotificationSettings.Backoff(
                Duration.ofSeconds(30), Duration.ofHours(1)), Duration.ofMinutes(2), Duration.ofSeconds(10), 8,
                new NotificationSettings.Webhook(allowed, Duration.ofSeconds(5)),
                new NotificationSettings.Mail("x@y"), new NotificationSettings.Sms("", ""));
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("resolver", (WebhookAddressPolicy.HostResolver) host -> {
            String ip = dns.get(host);
            return ip == null ? InetAddress.getAllByName(host) : new InetAddress[] {InetAddress.getByName(ip)};
        });
        return new WebhookAddressPolicy(settings, beans.getBeanProvider(WebhookAddressPolicy.HostResolver.class));
    }

    static String why(String literal) throws Exception {
        return WebhookAddressPolicy.refusal(InetAddress.getByName(literal));
    }

    @Test
    void nonPublicAddressesAreRecognised() throws Exception {
        assertThat(why("127.0.0.1")).isEqualTo("loopback");
        assertThat(why("127.8.9.10")).isEqualTo("loopback");
        assertThat(why("10.20.30.40")).isEqualTo("private");
        assertThat(why("172.16.0.1")).isEqualTo("private");
        assertThat(why("172.31.255.254")).isEqualTo("private");
        assertThat(why("192.168.0.1")).isEqualTo("private");
        assertThat(why("169.254.169.254")).isEqualTo("link-local");
        assertThat(why("100.64.0.1")).startsWith("shared");
        assertThat(why("0.0.0.0")).isEqualTo("unspecified");
        assertThat(why("224.0.0.1")).isEqualTo("multicast");
        assertThat(why("255.255.255.255")).isEqualTo("reserved");
        assertThat(why("2130706433")).as("127.0.0.1 written as one number").isEqualTo("loopback");
        assertThat(why("::1")).isEqualTo("loopback");
        assertThat(why("::")).isEqualTo("unspecified");
        assertThat(why("fe80::1")).isEqualTo("link-local");
        assertThat(why("fd12:3456::1")).startsWith("private");
        assertThat(why("fc00::1")).startsWith("private");
        assertThat(why("ff02::1")).isEqualTo("multicast");
        assertThat(why("::ffff:10.0.0.1")).isEqualTo("private"); // IPv4-mapped: Java hands back the IPv4 address
        assertThat(why("64:ff9b::a9fe:a9fe")).isEqualTo("NAT64 link-local");
        assertThat(why("2002:c0a8:0101::1")).isEqualTo("6to4 private");
        assertThat(why("::7f00:1")).isEqualTo("IPv4-compatible loopback");

        assertThat(why("172.15.255.255")).isNull();
        assertThat(why("172.32.0.1")).isNull();
        assertThat(why("100.128.0.1")).isNull();
        assertThat(why("8.8.8.8")).isNull();
        assertThat(why("2001:4860:4860::8888")).isNull();
        assertThat(why("2002:0808:0808::1")).isNull();
    }

    @Test
    void namesAreCheckedByWhatTheyResolveToAndTheAllowListOpensExactlyItsNetworks() throws Exception {
        WebhookAddressPolicy p = policy(List.of("127.0.0.1/32", "fd00:ab::/32"),
                Map.of("intranet.example", "10.1.2.3", "partner.example", "203.0.113.5", "lab.example", "fd00:ab::7"));
        assertThatThrownBy(() -> p.checkUrl("https://intranet.example/hook"))
                .isInstanceOf(WebhookAddressPolicy.RefusedAddressException.class)
                .hasMessageContaining("intranet.example resolves to 10.1.2.3: private address, refused");
        p.checkUrl("https://partner.example/hook");
        p.checkUrl("http://127.0.0.1:8080/hook");
        p.checkUrl("http://lab.example/hook");
        p.checkUrl("http://[fd00:ab::9]/hook");
        assertThatThrownBy(() -> p.checkUrl("http://127.0.0.2/hook")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> p.checkUrl("http://[fd00:ac::1]/hook")).hasMessageContaining("private");
        assertThatThrownBy(() -> p.checkUrl("http://[::1]/hook")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> p.checkUrl("ftp://partner.example/hook")).hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> p.checkUrl("https://user:pw@partner.example/hook"))
                .hasMessageContaining("user name");
        assertThatThrownBy(() -> policy(List.of("intranet.example/24"), Map.of()))
                .hasMessageContaining("not an IP address or CIDR block");
    }
}
