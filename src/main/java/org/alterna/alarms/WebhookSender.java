package org.alterna.alarms;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Posts a webhook: the JSON body, signed ({@link WebhookSignature}), with {@code X-Alterna-Event} and
 * {@code X-Alterna-Delivery}. The connection goes only to addresses {@link WebhookAddressPolicy} has just allowed
 * (the client's DNS resolver is the policy), redirects are not followed, and the whole exchange is cut at
 * {@code alterna.notifications.timeout} however slowly the receiver trickles its answer.
 */
@Component
class WebhookSender implements DisposableBean {
    private final WebhookAddressPolicy policy;
    private final Duration timeout;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines;

    WebhookSender(WebhookAddressPolicy policy, NotificationSettings settings) {
        this.policy = policy;
        this.timeout = settings.timeout();
        DnsResolver checkedDns = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                try {
                    return policy.resolveAllowed(host);
                } catch (UnknownHostException e) {
                    throw e;
                } catch (IOException e) {
                    // refused: the client must not connect anywhere; the message travels to the outbox row
                    throw new UnknownHostException(e.getMessage());
                }
            }

            @Override
            public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
                List<InetSocketAddress> out = new ArrayList<>();
                for (InetAddress a : resolve(host)) {
                    out.add(new InetSocketAddress(a, port));
                }
                return out;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        Timeout whole = Timeout.of(timeout);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checkedDns)
                        .setMaxConnPerRoute(2)
                        .setMaxConnTotal(Math.max(4, settings.parallelism() * 2))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.webhook().connectTimeout()))
                                .setSocketTimeout(whole).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(whole)
                        .setResponseTimeout(whole).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("Alterna-Webhook/1")
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-deadline");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sends one delivery; throws with a short reason on any failure (refused address, timeout, non-2xx). */
    void send(String url, String deliveryId, String event, byte[] body, String secret, Instant now)
            throws IOException {
        policy.checkUrl(url); // also checked by the resolver on connect; this gives the clearer message first
        HttpPost post = new HttpPost(URI.create(url));
        post.setHeader("X-Alterna-Event", event);
        post.setHeader("X-Alterna-Delivery", deliveryId);
        post.setHeader(WebhookSignature.HEADER, WebhookSignature.header(secret, now.getEpochSecond(), body));
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        ScheduledFuture<?> deadline = deadlines.schedule(post::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            client.execute(post, response -> {
                String answer = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), 200);
                if (response.getCode() / 100 != 2) {
                    throw new IOException("HTTP " + response.getCode() + " " + answer);
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            if (post.isCancelled()) {
                throw new InterruptedIOException("no complete answer within " + timeout);
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }
}
