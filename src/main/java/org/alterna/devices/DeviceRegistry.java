package org.alterna.devices;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.alterna.audit.Audited;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.orders.OrderStatus;
import org.alterna.orders.OrderView;
import org.alterna.orders.Orders;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The device registry and inventory: which devices exist, what they are, where they are, their lifecycle (guarded by
 * {@link InventoryDevice}, every move recorded in {@code device_movement} with who, when and why), whether they may
 * connect, and which judicial order each serves. Lookups used on the gateway's hot path ({@link #findActive},
 * {@link #currentAssignment}) are cached and the cache is invalidated after every committed change made through this
 * class. Every change publishes an {@link Audited} event inside its transaction and a domain event
 * ({@link DeviceRegistered}, {@link DeviceMoved}, {@link DeviceAssigned}, {@link DeviceUnassigned},
 * {@link DeviceRetired}).
 * <p>
 * An assignment in force takes the device into the order's service: IN_STOCK → RESERVED → INSTALLED, and ACTIVE at
 * once when the order's monitoring already runs; ending it removes the device (REMOVED, awaiting its return).
 */
@Service
public class DeviceRegistry {
    static final String SYSTEM = "system";
    private static final long NEGATIVE_TTL_MS = 60_000;
    private static final long POSITIVE_TTL_MS = 600_000;
    private static final int MAX_CACHED = 200_000;
    private static final Set<OrderStatus> MONITORING = EnumSet.of(OrderStatus.ACTIVE, OrderStatus.SUSPENDED);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Orders orders;
    private final InstallationStore installations;
    private final org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;
    private final ConcurrentHashMap<String, Cached<Optional<RegisteredDevice>>> deviceCache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Cached<List<Assignment>>> assignmentCache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    private record Cached<T>(T value, long loadedAt) {
    }

    DeviceRegistry(JdbcClient jdbc, PlatformTransactionManager txManager, ApplicationEventPublisher events,
            Clock clock, Orders orders, InstallationStore installations,
            org.springframework.jdbc.core.JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.tx = new TransactionTemplate(txManager);
        this.events = events;
        this.clock = clock;
        this.orders = orders;
        this.installations = installations;
    }

    // ---------------------------------------------------------------- queries (public API for other modules)

    /** The device if it is registered and not retired (cached; safe to call per connection). */
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

    /** The device's moves, oldest first. */
    public List<Movement> movements(String uniqueId) {
        return jdbc.sql("SELECT * FROM device_movement WHERE device_id = ? ORDER BY occurred_at, id").param(uniqueId)
                .query(DeviceRegistry::movement).list();
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

    // ---------------------------------------------------------------- registration

    /** Registers a new ankle tag in stock, held by no region (only ADMIN sees it while it serves no order). */
    public RegisteredDevice register(String uniqueId, String model, String protocol) {
        return register(uniqueId, model, protocol, null);
    }

    /** Registers a new ankle tag in stock, held by {@code holdingRegion} (may be null); 409 if the id exists. */
    public RegisteredDevice register(String uniqueId, String model, String protocol, String holdingRegion) {
        return register(NewDevice.of(uniqueId, model, protocol, holdingRegion), SYSTEM);
    }

    /** Registers a new device IN_STOCK (first move recorded by {@code by}); 409 if the id exists. */
    public RegisteredDevice register(NewDevice spec, String by) {
        NewDevice d = valid(spec);
        Instant now = now();
        return change(d.uniqueId(), () -> {
            if (load(d.uniqueId()).isPresent()) {
                throw new ConflictException("device " + d.uniqueId() + " is already registered");
            }
            insertDevice(d, now);
            insertMovement(d.uniqueId(), new InventoryDevice.Move(null, DeviceStatus.IN_STOCK, "registered", null,
                    d.locationType(), d.locationRef()), now, by);
            events.publishEvent(new Audited("device.register", "Device", d.uniqueId(), d.kind() + ", model "
                    + d.model() + ", protocol " + d.protocol() + (d.holdingRegion() == null ? "" : ", held by "
                    + d.holdingRegion())));
            RegisteredDevice device = load(d.uniqueId()).orElseThrow();
            events.publishEvent(new DeviceRegistered(device));
            return device;
        });
    }

    /**
     * Registers every device in one transaction (all or nothing), in batches, each with its first move; one audit
     * entry for the lot. The caller has validated them (ids unique and new). Returns how many were stored;
     * {@code progress} is told after each batch.
     */
    int registerAll(List<NewDevice> devices, String by, String reason, java.util.function.IntConsumer progress) {
        Instant now = now();
        Integer stored;
        try {
            stored = tx.execute(s -> {
                int done = 0;
                for (int i = 0; i < devices.size(); i += 500) {
                    List<NewDevice> batch = devices.subList(i, Math.min(devices.size(), i + 500));
                    List<Object[]> rows = new ArrayList<>();
                    List<Object[]> moves = new ArrayList<>();
                    for (NewDevice d : batch) {
                        rows.add(deviceRow(d, now));
                        moves.add(new Object[] {d.uniqueId(), null, DeviceStatus.IN_STOCK.name(), utc(now), by, reason,
                                null, location(d).name(), d.locationRef()});
                    }
                    batchInsert(INSERT_DEVICE, rows);
                    batchInsert(INSERT_MOVEMENT, moves);
                    done += batch.size();
                    progress.accept(done);
                }
                events.publishEvent(new Audited("device.import", "Device", null, reason + ": " + done + " devices"));
                return done;
            });
        } finally {
            generation.incrementAndGet();
            deviceCache.clear();
        }
        refreshStatistics(devices.size());
        return stored == null ? 0 : stored;
    }

    /**
     * After a bulk import on PostgreSQL, fresh statistics: plans cached while the table was nearly empty (sequential
     * scans) would otherwise stay in every pooled connection, and each later lookup by id would read the whole table
     * (a second import of 10,000 devices took 15 s instead of 2 s, a third 30 s). ANALYZE also invalidates those plans.
     */
    private void refreshStatistics(int imported) {
        if (imported >= 1000 && org.alterna.common.Sql.isPostgres(jdbcTemplate.getDataSource())) {
            jdbcTemplate.execute("ANALYZE device, device_movement");
        }
    }

    /** Writes a batch with the JDBC connection of the current transaction. */
    private void batchInsert(String sql, List<Object[]> rows) {
        jdbcTemplate.batchUpdate(sql, rows);
    }

    private static final String INSERT_DEVICE = "INSERT INTO device (unique_id, model, protocol, status, registered_at,"
            + " updated_at, holding_region, kind, iccid, firmware, contract, owner, location_type, location_ref,"
            + " status_since) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    private static final String INSERT_MOVEMENT = "INSERT INTO device_movement (device_id, from_status, to_status,"
            + " occurred_at, by_username, reason, order_id, location_type, location_ref) VALUES (?,?,?,?,?,?,?,?,?)";

    private void insertDevice(NewDevice d, Instant now) {
        jdbc.sql(INSERT_DEVICE).params((Object[]) deviceRow(d, now)).update();
    }

    private static Object[] deviceRow(NewDevice d, Instant now) {
        return new Object[] {d.uniqueId(), d.model(), d.protocol(), DeviceStatus.IN_STOCK.name(), utc(now), utc(now),
                d.holdingRegion(), (d.kind() == null ? DeviceKind.ANKLE_TAG : d.kind()).name(), d.iccid(),
                d.firmware(), d.contract(), d.owner(), location(d).name(), d.locationRef(), utc(now)};
    }

    private static LocationType location(NewDevice d) {
        return d.locationType() == null ? LocationType.WAREHOUSE : d.locationType();
    }

    /** The device checked and normalised (first error as a 400 naming the field). */
    static NewDevice valid(NewDevice d) {
        if (d == null) {
            throw new InvalidInputException("", "a device is required");
        }
        fail("uniqueId", NewDevice.checkId(d.uniqueId()));
        fail("model", NewDevice.checkModel(d.model()));
        fail("protocol", NewDevice.checkProtocol(d.protocol()));
        fail("iccid", NewDevice.checkIccid(d.iccid()));
        fail("firmware", NewDevice.checkText(d.firmware(), 40));
        fail("contract", NewDevice.checkText(d.contract(), 80));
        fail("owner", NewDevice.checkText(d.owner(), 120));
        fail("holdingRegion", NewDevice.checkText(d.holdingRegion(), 80));
        fail("locationRef", NewDevice.checkText(d.locationRef(), 120));
        if (d.locationType() == LocationType.WEARER) {
            throw new InvalidInputException("locationType", "a new device is in a warehouse, a penal centre or with"
                    + " an installer, not on a wearer");
        }
        if (d.locationType() == LocationType.PENAL_CENTRE && NewDevice.blankToNull(d.locationRef()) == null) {
            throw new InvalidInputException("locationRef", "name the penal centre that keeps the device");
        }
        String protocol = d.protocol().strip().toLowerCase(Locale.ROOT);
        DeviceKind kind = d.kind() != null ? d.kind() : protocol.equals("osmand") ? DeviceKind.PHONE : DeviceKind.ANKLE_TAG;
        return new NewDevice(d.uniqueId(), kind, d.model().strip(), protocol, NewDevice.blankToNull(d.iccid()),
                NewDevice.blankToNull(d.firmware()), NewDevice.blankToNull(d.contract()),
                NewDevice.blankToNull(d.owner()), NewDevice.blankToNull(d.holdingRegion()), d.locationType(),
                NewDevice.blankToNull(d.locationRef()));
    }

    private static void fail(String field, String problem) {
        if (problem != null) {
            throw new InvalidInputException(field, problem);
        }
    }

    // ---------------------------------------------------------------- corrections

    /** What may be corrected on a device (null leaves a value unchanged). */
    record Details(String model, DeviceKind kind, String iccid, String firmware, String contract, String owner,
            LocationType locationType, String locationRef) {
        boolean empty() {
            return model == null && kind == null && iccid == null && firmware == null && contract == null
                    && owner == null && locationType == null && locationRef == null;
        }
    }

    /** Corrects what the device is and where it is kept; audited with the old and new values. */
    RegisteredDevice correct(String uniqueId, Details c, String by) {
        if (c.model() != null) {
            fail("model", NewDevice.checkModel(c.model()));
        }
        fail("iccid", NewDevice.checkIccid(c.iccid()));
        fail("firmware", NewDevice.checkText(c.firmware(), 40));
        fail("contract", NewDevice.checkText(c.contract(), 80));
        fail("owner", NewDevice.checkText(c.owner(), 120));
        fail("locationRef", NewDevice.checkText(c.locationRef(), 120));
        return change(uniqueId, () -> {
            RegisteredDevice d = lock(uniqueId);
            if (c.locationType() == LocationType.WEARER && !DeviceStatus.SERVING.contains(d.status())) {
                throw new InvalidInputException("locationType", "only a device in use is on its wearer");
            }
            String model = c.model() == null ? d.model() : c.model().strip();
            DeviceKind kind = c.kind() == null ? d.kind() : c.kind();
            String iccid = c.iccid() == null ? d.iccid() : NewDevice.blankToNull(c.iccid());
            String firmware = c.firmware() == null ? d.firmware() : NewDevice.blankToNull(c.firmware());
            String contract = c.contract() == null ? d.contract() : NewDevice.blankToNull(c.contract());
            String owner = c.owner() == null ? d.owner() : NewDevice.blankToNull(c.owner());
            LocationType lt = c.locationType() == null ? d.locationType() : c.locationType();
            String ref = c.locationRef() == null && c.locationType() == null ? d.locationRef()
                    : NewDevice.blankToNull(c.locationRef());
            jdbc.sql("UPDATE device SET model = ?, kind = ?, iccid = ?, firmware = ?, contract = ?, owner = ?,"
                            + " location_type = ?, location_ref = ?, updated_at = ? WHERE unique_id = ?")
                    .params(model, kind.name(), iccid, firmware, contract, owner, lt == null ? null : lt.name(), ref,
                            utc(now()), d.uniqueId()).update();
            StringBuilder detail = new StringBuilder();
            diff(detail, "model", d.model(), model);
            diff(detail, "kind", d.kind(), kind);
            diff(detail, "iccid", d.iccid(), iccid);
            diff(detail, "firmware", d.firmware(), firmware);
            diff(detail, "contract", d.contract(), contract);
            diff(detail, "owner", d.owner(), owner);
            diff(detail, "location", d.locationType() + " " + d.locationRef(), lt + " " + ref);
            events.publishEvent(new Audited("device.update", "Device", d.uniqueId(), detail.toString().trim()
                    + " (by " + by + ")"));
            return load(uniqueId).orElseThrow();
        });
    }

    private static void diff(StringBuilder out, String what, Object before, Object after) {
        if (!java.util.Objects.equals(before, after)) {
            out.append(what).append(' ').append(before).append(" -> ").append(after).append("; ");
        }
    }

    /** Changes the model and/or status (null leaves a value unchanged); a status change is a recorded move. */
    public RegisteredDevice update(String uniqueId, String model, DeviceStatus status) {
        if (model == null && status == null) {
            throw new InvalidInputException("", "nothing to change: give model and/or status");
        }
        RegisteredDevice d = find(uniqueId).orElseThrow(() -> notFound(uniqueId));
        if (status != null && status != d.status()) {
            d = move(uniqueId, status, "status changed", null, null, SYSTEM);
        }
        if (model != null) {
            d = correct(uniqueId, new Details(model, null, null, null, null, null, null, null), SYSTEM);
        }
        return d;
    }

    /** Hands the device (in stock) to another region, or to none (null). */
    public RegisteredDevice setHoldingRegion(String uniqueId, String holdingRegion) {
        fail("holdingRegion", NewDevice.checkText(holdingRegion, 80));
        String region = NewDevice.blankToNull(holdingRegion);
        return change(uniqueId, () -> {
            RegisteredDevice d = lock(uniqueId);
            jdbc.sql("UPDATE device SET holding_region = ?, updated_at = ? WHERE unique_id = ?")
                    .params(region, utc(now()), d.uniqueId()).update();
            events.publishEvent(new Audited("device.holding-region", "Device", d.uniqueId(),
                    "held by " + d.holdingRegion() + " -> " + region));
            return load(uniqueId).orElseThrow();
        });
    }

    // ---------------------------------------------------------------- lifecycle

    /** Retires the device: the gateway refuses it from now on. 409 while it is reserved for or serves an order. */
    public RegisteredDevice retire(String uniqueId) {
        return retire(uniqueId, SYSTEM, "retired");
    }

    RegisteredDevice retire(String uniqueId, String by, String reason) {
        return move(uniqueId, DeviceStatus.RETIRED, reason, null, null, by);
    }

    /**
     * A manual move (return to stock, repair, loss, damage, write-off, removal from its order), guarded by the
     * lifecycle; leaving an order's service ends the device's assignment.
     */
    RegisteredDevice move(String uniqueId, DeviceStatus to, String reason, LocationType locationType,
            String locationRef, String by) {
        if (to == null) {
            throw new InvalidInputException("status", "the state to move the device to is required");
        }
        fail("reason", NewDevice.checkText(reason, 500));
        fail("locationRef", NewDevice.checkText(locationRef, 120));
        return change(uniqueId, () -> {
            InventoryDevice d = aggregate(lock(uniqueId));
            boolean wasServing = DeviceStatus.SERVING.contains(d.status);
            UUID order = d.orderId;
            InventoryDevice.Move m = d.moveTo(to, reason == null ? null : reason.strip(), locationType,
                    NewDevice.blankToNull(locationRef));
            Instant now = now();
            apply(d, m, now, by);
            if (wasServing) {
                endAssignments(d.id, now, by, order);
            }
            return load(uniqueId).orElseThrow();
        });
    }

    /** Sets the device aside for the order's installation: IN_STOCK → RESERVED. */
    RegisteredDevice reserve(String uniqueId, UUID orderId, String by, String reason) {
        return change(uniqueId, () -> {
            InventoryDevice d = aggregate(lock(uniqueId));
            apply(d, d.reserve(orderId, reason), now(), by);
            return load(uniqueId).orElseThrow();
        });
    }

    /** Gives up the device's reservation: RESERVED → IN_STOCK. */
    RegisteredDevice release(String uniqueId, String by, String reason) {
        return change(uniqueId, () -> {
            InventoryDevice d = aggregate(lock(uniqueId));
            apply(d, d.release(reason), now(), by);
            return load(uniqueId).orElseThrow();
        });
    }

    /** Monitoring of the order runs: its INSTALLED devices become ACTIVE. Inside the caller's transaction. */
    void activateOrder(UUID orderId, String by, String reason) {
        List<String> ids = jdbc.sql("SELECT unique_id FROM device WHERE order_id = ? AND status = 'INSTALLED' FOR UPDATE")
                .param(orderId).query(String.class).list();
        Instant now = now();
        for (String id : ids) {
            InventoryDevice d = aggregate(load(id).orElseThrow());
            apply(d, d.activate(orderId, reason), now, by);
        }
        forget(ids);
    }

    /**
     * The order ended (measure served, revoked): its reserved devices go back to stock, those in use are REMOVED
     * (awaiting their return) and every assignment still open ends now. Inside the caller's transaction.
     */
    void endOrder(UUID orderId, String by, String reason) {
        List<String> ids = jdbc.sql("SELECT unique_id FROM device WHERE order_id = ? AND status IN ('RESERVED',"
                + " 'INSTALLED', 'ACTIVE') FOR UPDATE").param(orderId).query(String.class).list();
        Instant now = now();
        List<String> touched = new ArrayList<>(ids);
        for (String id : ids) {
            InventoryDevice d = aggregate(load(id).orElseThrow());
            apply(d, d.status == DeviceStatus.RESERVED ? d.release(reason) : d.remove(reason, null, null), now, by);
        }
        List<Assignment> open = jdbc.sql("SELECT * FROM device_assignment WHERE order_id = ? AND (valid_until IS NULL"
                + " OR valid_until > ?)").params(orderId, utc(now)).query(DeviceRegistry::assignment).list();
        for (Assignment a : open) {
            endAssignment(a, now, by);
            touched.add(a.deviceId());
        }
        forget(touched);
    }

    // ---------------------------------------------------------------- assignments

    /**
     * Assigns a device to an order from {@code from} (default now) until {@code until} (null: open-ended).
     * 409 if the device is retired or already assigned during an overlapping period.
     */
    public Assignment assign(String uniqueId, UUID orderId, AssignmentRole role, Instant from, Instant until) {
        return assign(uniqueId, orderId, role, from, until, null, null);
    }

    /**
     * As {@link #assign(String, UUID, AssignmentRole, Instant, Instant)}, recording the judicial resolution the
     * assignment rests on and who made it. The caller has checked the order (existence, state, scope). An assignment
     * not over yet takes the device into the order's service (one order at a time): it is reserved and installed,
     * and ACTIVE at once if the order's monitoring already runs; the person's unit records the order's installation.
     * A period wholly in the past only records where the device was.
     */
    public Assignment assign(String uniqueId, UUID orderId, AssignmentRole role, Instant from, Instant until,
            String resolutionRef, String assignedBy) {
        if (orderId == null) {
            throw new InvalidInputException("orderId", "is required");
        }
        if (role == null) {
            throw new InvalidInputException("role", "is required: PERSON_UNIT or VICTIM_UNIT");
        }
        Instant start = from == null ? now() : from.truncatedTo(ChronoUnit.MICROS);
        if (until != null && !until.isAfter(start)) {
            throw new InvalidInputException("until", "must be after from");
        }
        String by = assignedBy == null ? SYSTEM : assignedBy;
        return change(uniqueId, () -> {
            RegisteredDevice registered = lock(uniqueId);
            if (!registered.active()) {
                throw new ConflictException("device " + uniqueId + " is retired and cannot be assigned");
            }
            List<Assignment> overlapping = jdbc.sql("SELECT * FROM device_assignment WHERE device_id = ?"
                            + " AND (valid_until IS NULL OR valid_until > ?)" + (until == null ? "" : " AND valid_from < ?"))
                    .params(until == null ? List.of(registered.uniqueId(), utc(start))
                            : List.of(registered.uniqueId(), utc(start), utc(until)))
                    .query(DeviceRegistry::assignment).list();
            if (!overlapping.isEmpty()) {
                // which order is not said: it may be outside the caller's scope
                throw new ConflictException("device " + uniqueId + " is already assigned to an order in that period");
            }
            Instant now = now();
            if (until == null || until.isAfter(now)) {
                takeIntoService(aggregate(registered), orderId, role, start, by, now);
            }
            GeneratedKeyHolder keys = new GeneratedKeyHolder();
            jdbc.sql("INSERT INTO device_assignment (device_id, order_id, role, valid_from, valid_until, resolution_ref,"
                            + " assigned_by) VALUES (?,?,?,?,?,?,?)")
                    .params(registered.uniqueId(), orderId, role.name(), utc(start), utc(until), resolutionRef, assignedBy)
                    .update(keys, "id");
            Assignment a = new Assignment(keys.getKey().longValue(), registered.uniqueId(), orderId, role, start, until);
            events.publishEvent(new Audited("device.assign", "Device", registered.uniqueId(),
                    "order " + orderId + " as " + role + " from " + start + (until == null ? "" : " until " + until)
                            + (resolutionRef == null ? "" : " by resolution " + resolutionRef)));
            events.publishEvent(new DeviceAssigned(a));
            return a;
        });
    }

    /** RESERVED (reserving it first if in stock) → INSTALLED → ACTIVE when the order's monitoring runs. */
    private void takeIntoService(InventoryDevice d, UUID orderId, AssignmentRole role, Instant start, String by,
            Instant now) {
        String reason = (role == AssignmentRole.VICTIM_UNIT ? "victim's unit" : "person's unit") + " of order " + orderId;
        if (d.status == DeviceStatus.IN_STOCK) {
            apply(d, d.reserve(orderId, "reserved: " + reason), now, by);
        }
        apply(d, d.install(orderId, "installed: " + reason), now, by);
        OrderStatus status = orders.find(orderId).map(OrderView::status).orElse(null);
        if (role == AssignmentRole.PERSON_UNIT) {
            installations.load(orderId, true).ifPresent(i -> {
                if (i.status == InstallationStatus.DUE || i.status == InstallationStatus.SCHEDULED) {
                    i.installed(d.id, start, by);
                    installations.update(i, now);
                }
            });
        }
        if (status != null && MONITORING.contains(status)) {
            apply(d, d.activate(orderId, "active: the order's monitoring runs"), now, by);
        }
    }

    /** Ends the device's current assignment now and removes it from its order; 409 if it has none. */
    public Assignment unassign(String uniqueId) {
        return unassign(uniqueId, SYSTEM, "removed from its order");
    }

    Assignment unassign(String uniqueId, String by, String reason) {
        return change(uniqueId, () -> {
            RegisteredDevice registered = lock(uniqueId);
            Instant now = now();
            Assignment current = jdbc.sql("SELECT * FROM device_assignment WHERE device_id = ? AND valid_from <= ?"
                            + " AND (valid_until IS NULL OR valid_until > ?) ORDER BY valid_from DESC LIMIT 1")
                    .params(registered.uniqueId(), utc(now), utc(now)).query(DeviceRegistry::assignment).optional()
                    .orElseThrow(() -> new ConflictException("device " + uniqueId + " is not assigned to any order"));
            InventoryDevice d = aggregate(registered);
            if (DeviceStatus.SERVING.contains(d.status)) {
                apply(d, d.remove(reason, null, null), now, by);
            }
            return endAssignment(current, now, by);
        });
    }

    private void endAssignments(String uniqueId, Instant now, String by, UUID order) {
        List<Assignment> open = jdbc.sql("SELECT * FROM device_assignment WHERE device_id = ? AND (valid_until IS NULL"
                + " OR valid_until > ?)").params(uniqueId, utc(now)).query(DeviceRegistry::assignment).list();
        for (Assignment a : open) {
            endAssignment(a, now, by);
        }
    }

    private Assignment endAssignment(Assignment a, Instant now, String by) {
        // an assignment that had not started yet is cut to zero length
        Instant end = a.from().isAfter(now) ? a.from() : now;
        jdbc.sql("UPDATE device_assignment SET valid_until = ? WHERE id = ?").params(utc(end), a.id()).update();
        Assignment ended = new Assignment(a.id(), a.deviceId(), a.orderId(), a.role(), a.from(), end);
        events.publishEvent(new Audited("device.unassign", "Device", a.deviceId(), "order " + a.orderId()
                + (SYSTEM.equals(by) ? "" : " (by " + by + ")")));
        events.publishEvent(new DeviceUnassigned(ended));
        return ended;
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

    /** Runs a change in a transaction (or the caller's) and forgets the device's cached entries afterwards. */
    <T> T change(String uniqueId, Supplier<T> work) {
        try {
            return tx.execute(s -> work.get());
        } finally {
            forget(uniqueId == null ? List.of() : List.of(uniqueId));
        }
    }

    /** Forgets cached lookups (after a change; inside a transaction the entries may be read again before commit). */
    void forget(List<String> ids) {
        generation.incrementAndGet();
        for (String id : ids) {
            deviceCache.remove(id);
            assignmentCache.remove(id);
        }
    }

    /** Writes a move: the device's state, order and location, the movement, the audit entry and the event. */
    private void apply(InventoryDevice d, InventoryDevice.Move m, Instant at, String by) {
        List<Object> values = new ArrayList<>(java.util.Arrays.asList(m.to().name(), d.orderId,
                d.locationType == null ? null : d.locationType.name(), d.locationRef, utc(at), utc(at)));
        if (m.to() == DeviceStatus.RETIRED) {
            values.add(utc(at));
        }
        values.add(d.id);
        jdbc.sql("UPDATE device SET status = ?, order_id = ?, location_type = ?, location_ref = ?, status_since = ?,"
                + " updated_at = ?" + (m.to() == DeviceStatus.RETIRED ? ", retired_at = ?" : "") + " WHERE unique_id = ?")
                .params(values.toArray()).update();
        Movement recorded = insertMovement(d.id, m, at, by);
        events.publishEvent(new Audited("device.move", "Device", d.id, m.from() + " -> " + m.to() + ": " + m.reason()
                + (m.orderId() == null ? "" : " (order " + m.orderId() + ")") + (SYSTEM.equals(by) ? "" : " by " + by)));
        if (m.to() == DeviceStatus.RETIRED) {
            events.publishEvent(new Audited("device.retire", "Device", d.id, "retired"));
            events.publishEvent(new DeviceRetired(d.id, at));
        }
        events.publishEvent(new DeviceMoved(recorded));
    }

    private Movement insertMovement(String deviceId, InventoryDevice.Move m, Instant at, String by) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql(INSERT_MOVEMENT).params(deviceId, m.from() == null ? null : m.from().name(), m.to().name(), utc(at),
                by, truncate(m.reason(), 500), m.orderId(), m.locationType() == null ? null : m.locationType().name(),
                m.locationRef()).update(keys, "id");
        return new Movement(keys.getKey().longValue(), deviceId, m.from(), m.to(), at, by, m.reason(), m.orderId(),
                m.locationType(), m.locationRef());
    }

    private static String truncate(String s, int max) {
        return s == null ? "" : s.length() > max ? s.substring(0, max) : s;
    }

    private RegisteredDevice lock(String uniqueId) {
        return jdbc.sql("SELECT * FROM device WHERE unique_id = ? FOR UPDATE").param(uniqueId)
                .query(DeviceRegistry::device).optional().orElseThrow(() -> notFound(uniqueId));
    }

    static InventoryDevice aggregate(RegisteredDevice d) {
        return new InventoryDevice(d.uniqueId(), d.status(), d.orderId(), d.locationType(), d.locationRef());
    }

    private Optional<RegisteredDevice> load(String uniqueId) {
        return jdbc.sql("SELECT * FROM device WHERE unique_id = ?").param(uniqueId).query(DeviceRegistry::device).optional();
    }

    private static NotFoundException notFound(String uniqueId) {
        return new NotFoundException("device " + uniqueId + " is not registered");
    }

    /** Now, at the microsecond precision both databases store. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value) {
        return value == null ? null : Enum.valueOf(type, value);
    }

    static RegisteredDevice device(ResultSet rs, int n) throws SQLException {
        return new RegisteredDevice(rs.getString("unique_id"), rs.getString("model"), rs.getString("protocol"),
                DeviceStatus.valueOf(rs.getString("status")), instant(rs, "registered_at"), instant(rs, "retired_at"),
                rs.getString("holding_region"), enumOf(DeviceKind.class, rs.getString("kind")), rs.getString("iccid"),
                rs.getString("firmware"), rs.getString("contract"), rs.getString("owner"),
                enumOf(LocationType.class, rs.getString("location_type")), rs.getString("location_ref"),
                rs.getObject("order_id", UUID.class), instant(rs, "status_since"));
    }

    static Assignment assignment(ResultSet rs, int n) throws SQLException {
        return new Assignment(rs.getLong("id"), rs.getString("device_id"), rs.getObject("order_id", UUID.class),
                AssignmentRole.valueOf(rs.getString("role")), instant(rs, "valid_from"), instant(rs, "valid_until"));
    }

    static Movement movement(ResultSet rs, int n) throws SQLException {
        return new Movement(rs.getLong("id"), rs.getString("device_id"),
                enumOf(DeviceStatus.class, rs.getString("from_status")), DeviceStatus.valueOf(rs.getString("to_status")),
                instant(rs, "occurred_at"), rs.getString("by_username"), rs.getString("reason"),
                rs.getObject("order_id", UUID.class), enumOf(LocationType.class, rs.getString("location_type")),
                rs.getString("location_ref"));
    }
}
