package org.alterna.alarms;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Where a webhook may go. A webhook URL is typed by an administrator and fetched by the server, so without a check
 * it could reach what only the server can reach: its own admin ports, the database, a cloud metadata service
 * (169.254.169.254), the monitoring centre's internal network. Loopback, link-local, private (RFC 1918, IPv6
 * unique-local), carrier-grade NAT, unspecified, multicast and reserved addresses are refused — IPv4 and IPv6, also
 * when embedded in an IPv6 address (IPv4-mapped, NAT64, 6to4) — unless the address is inside a network listed in
 * {@code alterna.notifications.webhook.allowed-networks}.
 * <p>
 * Names are resolved and every address they resolve to is checked: when the rule is saved, and again at every
 * delivery, where the HTTP client connects only to the addresses this check returned ({@link WebhookSender}), so a
 * name that later resolves elsewhere (DNS rebinding) is caught at the moment that counts.
 */
@Component
class WebhookAddressPolicy {

    /** Name resolution, replaceable in tests; the default asks the system resolver. */
    interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The destination is not allowed; the message says which address and why. */
    static final class RefusedAddressException extends IOException {
        RefusedAddressException(String message) {
            super(message);
        }
    }

    private final HostResolver resolver;
    private final List<IpAddressMatcher> allowed = new ArrayList<>();
    private final List<String> allowedText;

    WebhookAddressPolicy(NotificationSettings settings, ObjectProvider<HostResolver> resolver) {
        this.resolver = resolver.getIfAvailable(() -> InetAddress::getAllByName);
        this.allowedText = List.copyOf(settings.webhook().allowedNetworks());
        for (String cidr : allowedText) {
            String c = cidr.trim();
            String ip = c.contains("/") ? c.substring(0, c.indexOf('/')) : c;
            if (!isLiteral(ip)) {
                throw new IllegalArgumentException("alterna.notifications.webhook.allowed-networks: " + cidr
                        + " is not an IP address or CIDR block");
            }
            try {
                allowed.add(new IpAddressMatcher(c));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("alterna.notifications.webhook.allowed-networks: " + cidr
                        + " is not an IP address or CIDR block", e);
            }
        }
    }

    /** The host of an http(s) URL; throws {@link RefusedAddressException} naming what is wrong. */
    static String host(String url) throws RefusedAddressException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new RefusedAddressException("must be an http(s) URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new RefusedAddressException("must be an http(s) URL");
        }
        if (uri.getUserInfo() != null) {
            throw new RefusedAddressException("must not carry a user name or password");
        }
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Checks an http(s) URL: its host must resolve, and only to allowed addresses. */
    void checkUrl(String url) throws IOException {
        resolveAllowed(host(url));
    }

    /** The addresses of {@code host}, if every one of them is allowed; otherwise throws, naming the first refused. */
    InetAddress[] resolveAllowed(String host) throws IOException {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new UnknownHostException(host + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host + " does not resolve");
        }
        for (InetAddress a : addresses) {
            String why = refusal(a);
            if (why != null && !allowListed(a)) {
                throw new RefusedAddressException(host + (isLiteral(host) ? "" : " resolves to " + a.getHostAddress())
                        + ": " + why + " address, refused (allow it with alterna.notifications.webhook.allowed-networks)");
            }
        }
        return addresses;
    }

    boolean allowListed(InetAddress a) {
        String literal = a.getHostAddress();
        int zone = literal.indexOf('%');
        String plain = zone < 0 ? literal : literal.substring(0, zone);
        return allowed.stream().anyMatch(m -> m.matches(plain));
    }

    List<String> allowedNetworks() {
        return allowedText;
    }

    /** Why an address is not a public destination (loopback, private…), or null when it is one. */
    static String refusal(InetAddress a) {
        if (a instanceof Inet4Address v4) {
            return refusal4(v4.getAddress());
        }
        byte[] b = a.getAddress();
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "site-local";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return "private (unique-local)";
        }
        if (a instanceof Inet6Address && isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded(b, 12, "IPv4-mapped"); // ::ffff:a.b.c.d (Java usually returns these as IPv4 already)
        }
        if (isZero(b, 0, 12)) {
            return embedded(b, 12, "IPv4-compatible"); // ::a.b.c.d, deprecated
        }
        if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && isZero(b, 4, 12)) {
            return embedded(b, 12, "NAT64"); // 64:ff9b::a.b.c.d
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return embedded(b, 2, "6to4"); // 2002:AABB:CCDD::/48 carries a.b.c.d
        }
        return null;
    }

    private static String embedded(byte[] b, int from, String kind) {
        byte[] v4 = new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
        String why = refusal4(v4);
        return why == null ? null : kind + " " + why;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static String refusal4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 0) {
            return "unspecified";
        }
        if (a0 == 127) {
            return "loopback";
        }
        if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
            return "private";
        }
        if (a0 == 169 && a1 == 254) {
            return "link-local";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "shared (carrier-grade NAT)";
        }
        if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) {
            return "reserved (IETF protocol assignments)";
        }
        if (a0 == 198 && (a1 & 0xfe) == 18) {
            return "reserved (benchmarking)";
        }
        if (a0 >= 224 && a0 <= 239) {
            return "multicast";
        }
        if (a0 >= 240) {
            return "reserved";
        }
        return null;
    }

    /** Whether {@code host} is an IP literal (no DNS involved). */
    static boolean isLiteral(String host) {
        return host.matches("[0-9.]+") && host.chars().filter(c -> c == '.').count() == 3 || host.contains(":");
    }
}
