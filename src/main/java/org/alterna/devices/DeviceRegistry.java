package org.alterna.devices;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.alterna.audit.Audited;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The device registry: which devices exist, whether they may connect, and which judicial order each serves.
 * Lookups used on the gateway's hot path ({@link #findActive}, {@link #currentAssignment}) are cached and the
 * cache is invalidated after every committed change made through this class. Every change publishes an
 * {@link Audited} event inside its transaction and a domain event ({@link DeviceRegistered},
 * {@link DeviceAssigned}, {@link DeviceUnassigned}, {@link DeviceRetired}).
 */
@Service
public class DeviceRegistry {
    /** Protocols the gateway speaks. */
    public static final Set<String> PROTOCOLS = Set.of("teltonika", "gt06", "h02", "osmand");
    private static final Pattern UNIQUE_ID = Pattern.compile("[0-9A-Za-z._-]{1,40}");
    private static final long NEGATIVE_TTL_MS = 60_000;
    private static final long POSITIVE_TTL_MS = 600_000;
    private static final int MAX_CACHED = 200_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached<Optional<RegisteredDevice>>> deviceCache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Cached<List<Assignment>>> assignmentCache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    private record Cached<T>(T value, long loadedAt) {
    }

    DeviceRegistry(JdbcClient jdbc, PlatformTransactionManager txManager, ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.events = events;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- queries (public API for other modules)

    /** The device if it is registered and ACTIVE (cached; safe to call per connection). */
    public Optional<RegisteredDevice> findActive(String uniqueId) {
        return find(uniqueId).filter(RegisteredDevice::active);
    }

    /** The device whatever its status (cached). */
    public Optional<RegisteredDevice> find(String uniqueId) {
        if (uniqueId == null) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        Cached<Optional<RegisteredDevice>> c = deviceCache.get(uniqueId);
        if (c != null && now - c.loadedAt() < (c.value().isPresent() ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS)) {
            return c.value();
        }
        long gen = generation.get();
        Optional<RegisteredDevice> loaded = load(uniqueId);
        if (generation.get() == gen) {
            if (deviceCache.size() > MAX_CACHED) {
                deviceCache.clear();
            }
            deviceCache.put(uniqueId, new Cached<>(loaded, now));
        }
        return loaded;
    }

    /** The assignment of the device in force now, if any (cached). */
    public Optional<Assignment> currentAssignment(String uniqueId) {
        if (uniqueId == null) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        Cached<List<Assignment>> c = assignmentCache.get(uniqueId);
        List<Assignment> open;
        if (c != null && now - c.loadedAt() < POSITIVE_TTL_MS) {
            open = c.value();
        } else {
            long gen = generation.get();
            open = jdbc.sql("SELECT * FROM device_assignment WHERE device_id = ? AND (valid_until IS NULL OR valid_until > ?)"
                    + " ORDER BY valid_from").params(uniqueId, utc(now())).query(DeviceRegistry::assignment).list();
            if (generation.get() == gen) {
                if (assignmentCache.size() > MAX_CACHED) {
                    assignmentCache.clear();
                }
                assignmentCache.put(uniqueId, new Cached<>(List.copyOf(open), now));
            }
        }
        Instant t = now();
        return open.stream().filter(a -> a.activeAt(t)).findFirst();
    }

    /** Every assignment (past, current and future) of devices to the order, oldest first. */
    public List<Assignment> assignmentsOf(UUID orderId) {
        return jdbc.sql("SELECT * FROM device_assignment WHERE order_id = ? ORDER BY valid_from, id")
                .param(orderId).query(DeviceRegistry::assignment).list();
    }

    /** Every assignment of the device, oldest first. */
    public List<Assignment> assignmentsOfDevice(String uniqueId) {
        return jdbc.sql("SELECT * FROM device_assignment WHERE device_id = ? ORDER BY valid_from, id")
                .param(uniqueId).query(DeviceRegistry::assignment).list();
    }

    /** Devices matching the filter (each null criterion matches all), ordered by id. */
    public List<RegisteredDevice> list(DeviceStatus status, String protocol, UUID orderId, String idPrefix,
            int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT d.* FROM device d WHERE 1=1");
        List<Object> params = new ArrayList<>();
        if (status != null) {
            sql.append(" AND d.status = ?");
            params.add(status.name());
        }
        if (protocol != null) {
            sql.append(" AND d.protocol = ?");
            params.add(protocol.toLowerCase(Locale.ROOT));
        }
        if (idPrefix != null && !idPrefix.isEmpty()) {
            sql.append(" AND d.unique_id LIKE ?");
            params.add(idPrefix.replace("\\", "").replace("%", "").replace("_", "\\_") + "%");
        }
        if (orderId != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM device_assignment a WHERE a.device_id = d.unique_id AND a.order_id = ?"
                    + " AND (a.valid_until IS NULL OR a.valid_until > ?))");
            params.add(orderId);
            params.add(utc(now()));
        }
        sql.append(" ORDER BY d.unique_id LIMIT ? OFFSET ?");
        params.add(limit);
        params.add(offset);
        return jdbc.sql(sql.toString()).params(params).query(DeviceRegistry::device).list();
    }

    // ---------------------------------------------------------------- changes

    /** Registers a new ACTIVE device held by no region (only ADMIN sees it while it serves no order); 409 if the id exists. */
    public RegisteredDevice register(String uniqueId, String model, String protocol) {
        return register(uniqueId, model, protocol, null);
    }

    /** Registers a new ACTIVE device held in stock by {@code holdingRegion} (may be null); 409 if the id exists. */
    public RegisteredDevice register(String uniqueId, String model, String protocol, String holdingRegion) {
        String id = validId(uniqueId);
        String m = validModel(model);
        String p = validProtocol(protocol);
        String region = validRegion(holdingRegion);
        Instant now = now();
        RegisteredDevice device = new RegisteredDevice(id, m, p, DeviceStatus.ACTIVE, now, null, region);
        return change(id, () -> {
            if (load(id).isPresent()) {
                throw new ConflictException("device " + id + " is already registered");
            }
            jdbc.sql("INSERT INTO device (unique_id, model, protocol, status, registered_at, updated_at, holding_region)"
                            + " VALUES (?,?,?,?,?,?,?)")
                    .params(id, m, p, DeviceStatus.ACTIVE.name(), utc(now), utc(now), region).update();
            events.publishEvent(new Audited("device.register", "Device", id, "model " + m + ", protocol " + p
                    + (region == null ? "" : ", held by " + region)));
            events.publishEvent(new DeviceRegistered(device));
            return device;
        });
    }

    /** Changes the model and/or status (null leaves a value unchanged). Retiring ends the current assignment. */
    public RegisteredDevice update(String uniqueId, String model, DeviceStatus status) {
        String m = model == null ? null : validModel(model);
        if (m == null && status == null) {
            throw new InvalidInputException("", "nothing to change: give model and/or status");
        }
        if (status == DeviceStatus.RETIRED) {
            RegisteredDevice retired = retire(uniqueId);
            return m == null ? retired : update(uniqueId, m, null);
        }
        return change(uniqueId, () -> {
            RegisteredDevice d = load(uniqueId).orElseThrow(() -> notFound(uniqueId));
            Instant now = now();
            String newModel = m == null ? d.model() : m;
            DeviceStatus newStatus = status == null ? d.status() : status;
            jdbc.sql("UPDATE device SET model = ?, status = ?, retired_at = ?, updated_at = ? WHERE unique_id = ?")
                    .params(newModel, newStatus.name(), newStatus == DeviceStatus.RETIRED ? utc(d.retiredAt()) : null,
                            utc(now), d.uniqueId()).update();
            StringBuilder detail = new StringBuilder();
            if (!newModel.equals(d.model())) {
                detail.append("model ").append(d.model()).append(" -> ").append(newModel).append("; ");
            }
            if (newStatus != d.status()) {
                detail.append("status ").append(d.status()).append(" -> ").append(newStatus);
            }
            events.publishEvent(new Audited("device.update", "Device", d.uniqueId(), detail.toString().trim()));
            return load(uniqueId).orElseThrow();
        });
    }

    /** Hands the device (in stock) to another region, or to none (null). */
    public RegisteredDevice setHoldingRegion(String uniqueId, String holdingRegion) {
        String region = validRegion(holdingRegion);
        return change(uniqueId, () -> {
            RegisteredDevice d = load(uniqueId).orElseThrow(() -> notFound(uniqueId));
            jdbc.sql("UPDATE device SET holding_region = ?, updated_at = ? WHERE unique_id = ?")
                    .params(region, utc(now()), d.uniqueId()).update();
            events.publishEvent(new Audited("device.holding-region", "Device", d.uniqueId(),
                    "held by " + d.holdingRegion() + " -> " + region));
            return load(uniqueId).orElseThrow();
        });
    }

    /** Retires the device: the gateway refuses it from now on, and its current assignment ends now. */
    public RegisteredDevice retire(String uniqueId) {
        return change(uniqueId, () -> {
            RegisteredDevice d = load(uniqueId).orElseThrow(() -> notFound(uniqueId));
            if (d.status() == DeviceStatus.RETIRED) {
                throw new ConflictException("device " + uniqueId + " is already retired");
            }
            Instant now = now();
            jdbc.sql("UPDATE device SET status = ?, retired_at = ?, updated_at = ? WHERE unique_id = ?")
                    .params(DeviceStatus.RETIRED.name(), utc(now), utc(now), d.uniqueId()).update();
            endOpenAssignments(d.uniqueId(), now);
            events.publishEvent(new Audited("device.retire", "Device", d.uniqueId(), "retired"));
            events.publishEvent(new DeviceRetired(d.uniqueId(), now));
            return load(uniqueId).orElseThrow();
        });
    }

    /**
     * Assigns an ACTIVE device to an order from {@code from} (default now) until {@code until} (null: open-ended).
     * 409 if the device is retired or already assigned during an overlapping period.
     */
    public Assignment assign(String uniqueId, UUID orderId, AssignmentRole role, Instant from, Instant until) {
        return assign(uniqueId, orderId, role, from, until, null, null);
    }

    /**
     * As {@link #assign(String, UUID, AssignmentRole, Instant, Instant)}, recording the judicial resolution the
     * assignment rests on and who made it. The caller has checked the order (existence, state, scope).
     */
    public Assignment assign(String uniqueId, UUID orderId, AssignmentRole role, Instant from, Instant until,
            String resolutionRef, String assignedBy) {
        if (orderId == null) {
            throw new InvalidInputException("orderId", "is required");
        }
        if (role == null) {
            throw new InvalidInputException("role", "is required: PERSON_UNIT or VICTIM_UNIT");
        }
        Instant start = from == null ? now() : from.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (until != null && !until.isAfter(start)) {
            throw new InvalidInputException("until", "must be after from");
        }
        return change(uniqueId, () -> {
            RegisteredDevice d = load(uniqueId).orElseThrow(() -> notFound(uniqueId));
            if (!d.active()) {
                throw new ConflictException("device " + uniqueId + " is retired and cannot be assigned");
            }
            List<Assignment> overlapping = jdbc.sql("SELECT * FROM device_assignment WHERE device_id = ?"
                            + " AND (valid_until IS NULL OR valid_until > ?)" + (until == null ? "" : " AND valid_from < ?"))
                    .params(until == null ? List.of(d.uniqueId(), utc(start)) : List.of(d.uniqueId(), utc(start), utc(until)))
                    .query(DeviceRegistry::assignment).list();
            if (!overlapping.isEmpty()) {
                // which order is not said: it may be outside the caller's scope
                throw new ConflictException("device " + uniqueId + " is already assigned to an order in that period");
            }
            org.springframework.jdbc.support.GeneratedKeyHolder keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
            jdbc.sql("INSERT INTO device_assignment (device_id, order_id, role, valid_from, valid_until, resolution_ref,"
                            + " assigned_by) VALUES (?,?,?,?,?,?,?)")
                    .params(d.uniqueId(), orderId, role.name(), utc(start), utc(until), resolutionRef, assignedBy)
                    .update(keys, "id");
            Assignment a = new Assignment(keys.getKey().longValue(), d.uniqueId(), orderId, role, start, until);
            events.publishEvent(new Audited("device.assign", "Device", d.uniqueId(),
                    "order " + orderId + " as " + role + " from " + start + (until == null ? "" : " until " + until)
                            + (resolutionRef == null ? "" : " by resolution " + resolutionRef)));
            events.publishEvent(new DeviceAssigned(a));
            return a;
        });
    }

    /** Ends the device's current assignment now; 409 if it has none. */
    public Assignment unassign(String uniqueId) {
        return change(uniqueId, () -> {
            RegisteredDevice d = load(uniqueId).orElseThrow(() -> notFound(uniqueId));
            Instant now = now();
            Assignment current = jdbc.sql("SELECT * FROM device_assignment WHERE device_id = ? AND valid_from <= ?"
                            + " AND (valid_until IS NULL OR valid_until > ?) ORDER BY valid_from DESC LIMIT 1")
                    .params(d.uniqueId(), utc(now), utc(now)).query(DeviceRegistry::assignment).optional()
                    .orElseThrow(() -> new ConflictException("device " + uniqueId + " is not assigned to any order"));
            jdbc.sql("UPDATE device_assignment SET valid_until = ? WHERE id = ?").params(utc(now), current.id()).update();
            Assignment ended = new Assignment(current.id(), current.deviceId(), current.orderId(), current.role(),
                    current.from(), now);
            events.publishEvent(new Audited("device.unassign", "Device", d.uniqueId(), "order " + current.orderId()));
            events.publishEvent(new DeviceUnassigned(ended));
            return ended;
        });
    }

    /**
     * Records a connection refused because the device is unknown or retired ({@code reason}: UNKNOWN, RETIRED).
     * Called by the gateway off its event-loop threads; the gateway rate-limits it per device.
     */
    public void recordRefused(String deviceId, String remoteAddress, String protocol, String reason, Instant at) {
        String id = deviceId == null ? "?" : deviceId.length() > 80 ? deviceId.substring(0, 80) : deviceId;
        jdbc.sql("INSERT INTO unknown_device_event (device_id, remote_address, protocol, reason, occurred_at)"
                        + " VALUES (?,?,?,?,?)")
                .params(id, remoteAddress, protocol, reason, utc(at)).update();
    }

    /** Refused connection attempts since {@code since}, newest first. */
    public List<RefusedConnection> refusedSince(Instant since, int limit) {
        return jdbc.sql("SELECT * FROM unknown_device_event WHERE occurred_at >= ? ORDER BY occurred_at DESC, id DESC LIMIT ?")
                .params(utc(since), limit)
                .query((rs, n) -> new RefusedConnection(rs.getString("device_id"), rs.getString("remote_address"),
                        rs.getString("protocol"), rs.getString("reason"), instant(rs, "occurred_at")))
                .list();
    }

    /** A refused connection attempt. */
    public record RefusedConnection(String deviceId, String remoteAddress, String protocol, String reason,
            Instant at) {
    }

    // ---------------------------------------------------------------- internals

    private <T> T change(String uniqueId, java.util.function.Supplier<T> work) {
        try {
            return tx.execute(s -> work.get());
        } finally {
            generation.incrementAndGet();
            if (uniqueId != null) {
                deviceCache.remove(uniqueId);
                assignmentCache.remove(uniqueId);
            }
        }
    }

    private void endOpenAssignments(String uniqueId, Instant now) {
        jdbc.sql("UPDATE device_assignment SET valid_until = ? WHERE device_id = ? AND valid_from <= ?"
                + " AND (valid_until IS NULL OR valid_until > ?)").params(utc(now), uniqueId, utc(now), utc(now)).update();
        // assignments that had not started yet are cut to zero length
        jdbc.sql("UPDATE device_assignment SET valid_until = valid_from WHERE device_id = ? AND valid_from > ?")
                .params(uniqueId, utc(now)).update();
    }

    private Optional<RegisteredDevice> load(String uniqueId) {
        return jdbc.sql("SELECT * FROM device WHERE unique_id = ?").param(uniqueId).query(DeviceRegistry::device).optional();
    }

    private static NotFoundException notFound(String uniqueId) {
        return new NotFoundException("device " + uniqueId + " is not registered");
    }

    private static String validId(String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("uniqueId", "is required");
        }
        if (!UNIQUE_ID.matcher(id).matches()) {
            throw new InvalidInputException("uniqueId", "must be 1-40 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    private static String validModel(String model) {
        if (model == null || model.isBlank()) {
            throw new InvalidInputException("model", "is required");
        }
        if (model.length() > 80) {
            throw new InvalidInputException("model", "must be at most 80 characters");
        }
        return model.strip();
    }

    private static String validRegion(String region) {
        if (region == null || region.isBlank()) {
            return null;
        }
        if (region.length() > 80) {
            throw new InvalidInputException("holdingRegion", "must be at most 80 characters");
        }
        return region.strip();
    }

    private static String validProtocol(String protocol) {
        if (protocol == null || protocol.isBlank()) {
            throw new InvalidInputException("protocol", "is required: one of " + PROTOCOLS);
        }
        String p = protocol.toLowerCase(Locale.ROOT);
        if (!PROTOCOLS.contains(p)) {
            throw new InvalidInputException("protocol", "must be one of " + PROTOCOLS);
        }
        return p;
    }

    /** Now, at the microsecond precision both databases store. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static RegisteredDevice device(ResultSet rs, int n) throws SQLException {
        return new RegisteredDevice(rs.getString("unique_id"), rs.getString("model"), rs.getString("protocol"),
                DeviceStatus.valueOf(rs.getString("status")), instant(rs, "registered_at"), instant(rs, "retired_at"),
                rs.getString("holding_region"));
    }

    static Assignment assignment(ResultSet rs, int n) throws SQLException {
        return new Assignment(rs.getLong("id"), rs.getString("device_id"), rs.getObject("order_id", UUID.class),
                AssignmentRole.valueOf(rs.getString("role")), instant(rs, "valid_from"), instant(rs, "valid_until"));
    }
}
