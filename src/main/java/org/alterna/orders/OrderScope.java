package org.alterna.orders;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one scope policy: what an actor may see of an order and of everything hanging off it (person, victim,
 * conditions, devices and their fixes, alarms, incident reports, engine events, notifications, audit entries about
 * it). Deny by default; every list is filtered in SQL with the predicates below, and the same rule is available in
 * memory ({@link #matches}) for pushed events.
 * <ul>
 * <li>ADMIN and SYSTEM: every order.</li>
 * <li>JUDGE: the orders of their court; PROSECUTOR: those assigned to them; SUPERVISOR: those of their INPE region;
 * OPERATOR: those assigned to their monitoring centre.</li>
 * <li>POLICE: only orders of their jurisdiction (the account's region) with an open CRITICAL alarm, or with a judge's
 * authorisation in force for that jurisdiction; even then only the alarm and the current position.</li>
 * <li>AUDITOR: the metadata of every order (for the audit), nothing located: no position, person, victim or
 * conditions.</li>
 * </ul>
 * Positions are narrower than orders: JUDGE, PROSECUTOR and AUDITOR never get them; a victim's unit is shown only
 * while a VICTIM_PROXIMITY alarm of the order is open, to those who must act on it. A device serving no order is
 * seen by ADMIN and the supervisors of the region that holds it, never by an operator.
 * <p>
 * The policy reads the scope-bearing columns of the tables other capabilities own ({@code device},
 * {@code device_assignment}, {@code alarm}); it names them here once so that no capability writes the rule again.
 * Callers answer an object outside the scope exactly as a missing one (404, same body).
 */
@Component
public class OrderScope {
    /** Alarm types whose open alarm lets those who act on it see the victim's unit. */
    public static final String VICTIM_PROXIMITY = "VICTIM_PROXIMITY";

    private static final SqlPredicate ALL = new SqlPredicate("1=1", Map.of());
    private static final SqlPredicate NONE = new SqlPredicate("1=0", Map.of());

    private final JdbcClient jdbc;
    private final Clock clock;

    OrderScope(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A SQL condition with its named parameters (names start with {@code scope_}). */
    public record SqlPredicate(String sql, Map<String, Object> params) {
        public JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec) {
            params.forEach(spec::param);
            return spec;
        }

        boolean all() {
            return sql.equals("1=1");
        }

        boolean none() {
            return sql.equals("1=0");
        }
    }

    // ------------------------------------------------------------------------------------------------ orders

    /**
     * The condition "{@code orderIdColumn} is an order {@code actor} may see", e.g.
     * {@code orderIdIn(actor, "a.order_id")} for {@code ... WHERE a.order_id IN (SELECT ...)}.
     */
    public SqlPredicate orderIdIn(Actor actor, String orderIdColumn) {
        SqlPredicate on = onOrders(actor, "so");
        if (on.all() || on.none()) {
            return on;
        }
        return new SqlPredicate(orderIdColumn + " IN (SELECT so.id FROM judicial_order so WHERE " + on.sql() + ")",
                on.params());
    }

    /** The condition on the columns of {@code judicial_order} aliased {@code alias}. */
    public SqlPredicate onOrders(Actor actor, String alias) {
        String p = alias == null || alias.isEmpty() ? "" : alias + ".";
        if (actor == null) {
            return NONE;
        }
        return switch (actor.role()) {
            case ADMIN, SYSTEM, AUDITOR -> ALL;
            case JUDGE -> actor.courtCode() == null ? NONE
                    : new SqlPredicate(p + "court_code = :scope_court", Map.of("scope_court", actor.courtCode()));
            case OPERATOR -> actor.monitoringCentre() == null ? NONE
                    : new SqlPredicate(p + "monitoring_centre = :scope_centre",
                            Map.of("scope_centre", actor.monitoringCentre()));
            case SUPERVISOR -> actor.region() == null ? NONE
                    : new SqlPredicate(p + "region = :scope_region", Map.of("scope_region", actor.region()));
            case PROSECUTOR -> actor.username() == null ? NONE
                    : new SqlPredicate(p + "prosecutor_username = :scope_user", Map.of("scope_user", actor.username()));
            case POLICE -> police(actor, p + "id", p + "region");
            case ANONYMOUS -> NONE;
        };
    }

    /** Police: the order is of their jurisdiction and has an open critical alarm or an authorisation in force. */
    private SqlPredicate police(Actor actor, String idColumn, String regionColumn) {
        if (actor.region() == null) {
            return NONE;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("scope_jurisdiction", actor.region());
        params.put("scope_now", Timestamp.from(clock.instant()));
        return new SqlPredicate(regionColumn + " = :scope_jurisdiction AND (EXISTS (SELECT 1 FROM alarm sca"
                + " WHERE sca.order_id = " + idColumn + " AND sca.severity = 'CRITICAL' AND sca.status <> 'RESOLVED')"
                + " OR EXISTS (SELECT 1 FROM police_authorisation spa WHERE spa.order_id = " + idColumn
                + " AND spa.jurisdiction = :scope_jurisdiction AND spa.revoked_at IS NULL"
                + " AND spa.valid_from <= :scope_now AND spa.valid_until > :scope_now))", params);
    }

    /** Whether {@code actor} may see the order (false also when it does not exist). */
    public boolean canSee(Actor actor, UUID orderId) {
        if (orderId == null) {
            return false;
        }
        SqlPredicate on = onOrders(actor, "o");
        return on.bind(jdbc.sql("SELECT COUNT(*) FROM judicial_order o WHERE o.id = :id AND " + on.sql())
                .param("id", orderId)).query(Long.class).single() > 0;
    }

    /** The ids of every order {@code actor} may see. */
    public List<UUID> visibleOrderIds(Actor actor) {
        SqlPredicate on = onOrders(actor, "o");
        return on.bind(jdbc.sql("SELECT o.id FROM judicial_order o WHERE " + on.sql() + " ORDER BY o.created_at"))
                .query((rs, n) -> rs.getObject(1, UUID.class)).list();
    }

    /** Those of {@code orderIds} that {@code actor} may see, in one query. */
    public Set<UUID> visibleAmong(Actor actor, Collection<UUID> orderIds) {
        Set<UUID> out = new HashSet<>();
        List<UUID> ids = new ArrayList<>(new HashSet<>(orderIds));
        SqlPredicate on = onOrders(actor, "o");
        for (int i = 0; i < ids.size() && !on.none(); i += 500) {
            List<UUID> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
            out.addAll(on.bind(jdbc.sql("SELECT o.id FROM judicial_order o WHERE o.id IN (:scope_ids) AND "
                    + on.sql())).param("scope_ids", chunk).query((rs, n) -> rs.getObject(1, UUID.class)).list());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ alarms

    /**
     * The alarms {@code actor} may see, on the columns of {@code alarm} aliased {@code alias}: POLICE only the open
     * CRITICAL alarms of orders of their jurisdiction (a resolved alarm disappears for them); AUDITOR none; everyone
     * else the alarms of the orders they see, and SUPERVISOR also the alarms about devices their region holds that
     * serve no order (inventory alarms; ADMIN sees all of those).
     */
    public SqlPredicate onAlarms(Actor actor, String alias) {
        String p = alias == null || alias.isEmpty() ? "" : alias + ".";
        if (actor == null || actor.is(Role.AUDITOR, Role.ANONYMOUS)) {
            return NONE;
        }
        if (actor.is(Role.POLICE)) {
            if (actor.region() == null) {
                return NONE;
            }
            return new SqlPredicate(p + "severity = 'CRITICAL' AND " + p + "status <> 'RESOLVED' AND " + p
                    + "order_id IN (SELECT spo.id FROM judicial_order spo WHERE spo.region = :scope_jurisdiction)",
                    Map.of("scope_jurisdiction", actor.region()));
        }
        SqlPredicate ofOrders = orderIdIn(actor, p + "order_id");
        if (actor.is(Role.SUPERVISOR) && actor.region() != null) {
            // an alarm about a device serving no order (inventory): the supervisors of the region holding it
            Map<String, Object> params = new LinkedHashMap<>(ofOrders.params());
            params.put("scope_stock_region", actor.region());
            return new SqlPredicate("(" + ofOrders.sql() + " OR (" + p + "order_id IS NULL AND " + p
                    + "region = :scope_stock_region))", params);
        }
        return ofOrders;
    }

    /**
     * Whether an alarm about a device serving no order (an inventory alarm) of the region holding the device may be
     * shown to {@code actor}: ADMIN, and the supervisors of that region (as for the device itself); nobody else.
     */
    public static boolean seesDeviceAlarm(Actor actor, String holdingRegion) {
        if (actor == null) {
            return false;
        }
        return actor.seesAllCases() || actor.is(Role.SUPERVISOR) && actor.region() != null
                && actor.region().equals(holdingRegion);
    }

    /** Whether {@code actor} may see the alarm (false also when it does not exist). */
    public boolean canSeeAlarm(Actor actor, UUID alarmId) {
        if (alarmId == null) {
            return false;
        }
        SqlPredicate on = onAlarms(actor, "a");
        return on.bind(jdbc.sql("SELECT COUNT(*) FROM alarm a WHERE a.id = :id AND " + on.sql())
                .param("id", alarmId)).query(Long.class).single() > 0;
    }

    /**
     * Whether an alarm shown to {@code actor} may carry positions (its current position and evidence): those who act
     * on it do (ADMIN, SUPERVISOR, OPERATOR, POLICE); the court and the prosecutor get the evidence in the incident
     * report instead, never where the person is now.
     */
    public static boolean alarmShowsPositions(Actor actor) {
        return actor != null && actor.is(Role.ADMIN, Role.SYSTEM, Role.SUPERVISOR, Role.OPERATOR, Role.POLICE);
    }

    // ------------------------------------------------------------------------------------------------ people

    /**
     * The people {@code actor} may see, on the columns of {@code person} aliased {@code alias}: ADMIN all; a
     * SUPERVISOR those they registered or on an order of their region; JUDGE, OPERATOR and PROSECUTOR those on an
     * order they see; POLICE and AUDITOR none (the police learn the name from the alarm only).
     */
    public SqlPredicate onPeople(Actor actor, String alias) {
        String p = alias == null || alias.isEmpty() ? "" : alias + ".";
        if (actor == null) {
            return NONE;
        }
        return switch (actor.role()) {
            case ADMIN, SYSTEM -> ALL;
            case SUPERVISOR, JUDGE, OPERATOR, PROSECUTOR -> {
                SqlPredicate on = onOrders(actor, "spp");
                String viaOrder = "EXISTS (SELECT 1 FROM judicial_order spp WHERE spp.person_id = " + p + "id AND "
                        + on.sql() + ")";
                if (actor.is(Role.SUPERVISOR)) {
                    Map<String, Object> params = new LinkedHashMap<>(on.params());
                    params.put("scope_creator", actor.username());
                    yield new SqlPredicate("(" + p + "created_by = :scope_creator OR " + viaOrder + ")", params);
                }
                yield new SqlPredicate(viaOrder, on.params());
            }
            case POLICE, AUDITOR, ANONYMOUS -> NONE;
        };
    }

    /** Whether {@code actor} may see the person (false also when they do not exist). */
    public boolean canSeePerson(Actor actor, UUID personId) {
        if (personId == null) {
            return false;
        }
        SqlPredicate on = onPeople(actor, "p");
        return on.bind(jdbc.sql("SELECT COUNT(*) FROM person p WHERE p.id = :id AND " + on.sql())
                .param("id", personId)).query(Long.class).single() > 0;
    }

    /**
     * Whether the victim's contact details and home (address, coordinates) of an order may be shown to {@code actor}:
     * those who protect the victim in the order's scope (ADMIN, JUDGE, SUPERVISOR, OPERATOR); POLICE of the
     * jurisdiction only while a VICTIM_PROXIMITY alarm of the order is open; never the prosecutor, the auditor or
     * the person's side.
     */
    public boolean canSeeVictim(Actor actor, UUID orderId) {
        if (actor == null) {
            return false;
        }
        if (actor.is(Role.ADMIN, Role.SYSTEM, Role.JUDGE, Role.SUPERVISOR, Role.OPERATOR)) {
            return canSee(actor, orderId);
        }
        if (actor.is(Role.POLICE)) {
            return facts(orderId).map(f -> policeInJurisdiction(actor, f) && f.openProximityAlarm()).orElse(false);
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------ register

    /**
     * The entries of the prison register (eligibility triage: people who could go home under a measure, before any
     * order exists) {@code actor} may see, on the columns {@code region} and {@code court_code} of the table aliased
     * {@code alias}: ADMIN and SYSTEM all; a SUPERVISOR those held in an establishment of their INPE region; a JUDGE
     * or PROSECUTOR those whose case is before their court; everyone else none.
     */
    public static SqlPredicate onRegister(Actor actor, String alias) {
        String p = alias == null || alias.isEmpty() ? "" : alias + ".";
        if (actor == null) {
            return NONE;
        }
        return switch (actor.role()) {
            case ADMIN, SYSTEM -> ALL;
            case SUPERVISOR -> actor.region() == null ? NONE
                    : new SqlPredicate(p + "region = :scope_region", Map.of("scope_region", actor.region()));
            case JUDGE, PROSECUTOR -> actor.courtCode() == null ? NONE
                    : new SqlPredicate(p + "court_code = :scope_court", Map.of("scope_court", actor.courtCode()));
            case OPERATOR, POLICE, AUDITOR, ANONYMOUS -> NONE;
        };
    }

    /** Whether a register entry of this region and court is in scope: the rule of {@link #onRegister}. */
    public static boolean seesRegisterEntry(Actor actor, String region, String courtCode) {
        if (actor == null) {
            return false;
        }
        return switch (actor.role()) {
            case ADMIN, SYSTEM -> true;
            case SUPERVISOR -> actor.region() != null && actor.region().equals(region);
            case JUDGE, PROSECUTOR -> actor.courtCode() != null && actor.courtCode().equals(courtCode);
            case OPERATOR, POLICE, AUDITOR, ANONYMOUS -> false;
        };
    }

    // ------------------------------------------------------------------------------------------------ devices

    /**
     * The devices {@code actor} may see, on the columns of {@code device} aliased {@code alias}: ADMIN all; a
     * SUPERVISOR those held by their region and those serving (now or from a future start) an order of their
     * scope; an OPERATOR only those serving an order of their centre; nobody else any.
     */
    public SqlPredicate onDevices(Actor actor, String alias) {
        String p = alias == null || alias.isEmpty() ? "" : alias + ".";
        if (actor == null) {
            return NONE;
        }
        if (actor.is(Role.ADMIN, Role.SYSTEM)) {
            return ALL;
        }
        if (!actor.is(Role.SUPERVISOR, Role.OPERATOR)) {
            return NONE;
        }
        SqlPredicate orders = orderIdIn(actor, "sda.order_id");
        if (orders.none()) {
            return NONE;
        }
        Map<String, Object> params = new LinkedHashMap<>(orders.params());
        params.put("scope_now", Timestamp.from(clock.instant()));
        String serving = "EXISTS (SELECT 1 FROM device_assignment sda WHERE sda.device_id = " + p + "unique_id"
                + " AND (sda.valid_until IS NULL OR sda.valid_until > :scope_now) AND " + orders.sql() + ")";
        if (actor.is(Role.SUPERVISOR)) {
            params.put("scope_holder", actor.region());
            return new SqlPredicate("(" + p + "holding_region = :scope_holder OR " + serving + ")", params);
        }
        return new SqlPredicate(serving, params);
    }

    /**
     * The devices whose stored positions {@code actor} may have reason to read: those {@link #onDevices} lets them
     * see now, and those that ever served an order of their scope (the track of a past case). Which fixes they then
     * get is {@link #onPositions}.
     */
    public SqlPredicate onDeviceHistory(Actor actor, String alias) {
        String p = alias == null || alias.isEmpty() ? "" : alias + ".";
        SqlPredicate now = onDevices(actor, alias);
        if (now.all() || now.none()) {
            return now;
        }
        SqlPredicate orders = orderIdIn(actor, "sdh.order_id");
        Map<String, Object> params = new LinkedHashMap<>(now.params());
        params.putAll(orders.params());
        return new SqlPredicate("(" + now.sql() + " OR EXISTS (SELECT 1 FROM device_assignment sdh WHERE sdh.device_id = "
                + p + "unique_id AND " + orders.sql() + "))", params);
    }

    /** Whether {@code actor} may read stored positions of the device at all (false also when it does not exist). */
    public boolean canSeeDeviceHistory(Actor actor, String deviceId) {
        if (deviceId == null || !actor.is(Role.ADMIN, Role.SYSTEM, Role.SUPERVISOR, Role.OPERATOR)) {
            return false;
        }
        SqlPredicate on = onDeviceHistory(actor, "d");
        return on.bind(jdbc.sql("SELECT COUNT(*) FROM device d WHERE d.unique_id = :id AND " + on.sql())
                .param("id", deviceId)).query(Long.class).single() > 0;
    }

    /** The device assignments {@code actor} may see (columns of {@code device_assignment} aliased {@code alias}). */
    public SqlPredicate onAssignments(Actor actor, String alias) {
        String p = alias == null || alias.isEmpty() ? "" : alias + ".";
        if (actor == null || !actor.is(Role.ADMIN, Role.SYSTEM, Role.SUPERVISOR, Role.OPERATOR)) {
            return NONE;
        }
        return orderIdIn(actor, p + "order_id");
    }

    /**
     * The stored positions {@code actor} may see, for a row whose device and device time are in the given columns
     * (fixes, latest state): a fix taken while the device served an order in the actor's scope — as the person's
     * unit, or as the victim's unit while a VICTIM_PROXIMITY alarm of the order is open and from its start — or a fix
     * of a device serving nobody then, seen by ADMIN and the supervisors of the holding region. Only ADMIN,
     * SUPERVISOR and OPERATOR read stored positions; the police follow a case live only (see
     * {@link #seesLivePosition}).
     */
    public SqlPredicate onPositions(Actor actor, String deviceIdColumn, String timeColumn) {
        if (actor == null || !actor.is(Role.ADMIN, Role.SYSTEM, Role.SUPERVISOR, Role.OPERATOR)) {
            return NONE;
        }
        SqlPredicate orders = orderIdIn(actor, "spa.order_id");
        if (orders.none()) {
            return NONE;
        }
        Map<String, Object> params = new LinkedHashMap<>(orders.params());
        String d = deviceIdColumn;
        String t = timeColumn;
        String assigned = "EXISTS (SELECT 1 FROM device_assignment spa WHERE spa.device_id = " + d
                + " AND spa.valid_from <= " + t + " AND (spa.valid_until IS NULL OR spa.valid_until > " + t + ")"
                + " AND " + orders.sql() + " AND (spa.role = 'PERSON_UNIT' OR EXISTS (SELECT 1 FROM alarm spv"
                + " WHERE spv.order_id = spa.order_id AND spv.type = '" + VICTIM_PROXIMITY + "'"
                + " AND spv.status <> 'RESOLVED' AND spv.condition_start <= " + t + ")))";
        String unassigned = "NOT EXISTS (SELECT 1 FROM device_assignment spn WHERE spn.device_id = " + d
                + " AND spn.valid_from <= " + t + " AND (spn.valid_until IS NULL OR spn.valid_until > " + t + "))";
        if (actor.is(Role.OPERATOR)) {
            return new SqlPredicate(assigned, params);
        }
        if (actor.is(Role.SUPERVISOR)) {
            params.put("scope_holder", actor.region());
            unassigned += " AND EXISTS (SELECT 1 FROM device shd WHERE shd.unique_id = " + d
                    + " AND shd.holding_region = :scope_holder)";
        }
        return new SqlPredicate("(" + assigned + " OR (" + unassigned + "))", params);
    }

    /**
     * The stored positions of one order's person: a fix taken while the device served {@code orderId} as the
     * person's unit (never the victim's unit). For a caller already admitted to the order's current position on
     * another basis — the police on an open critical alarm or a judge's authorisation (see
     * {@link PoliceAccess#grant}) — who must see that case's person and nothing else of the device.
     */
    public static SqlPredicate onPersonPositionsOf(UUID orderId, String deviceIdColumn, String timeColumn) {
        return new SqlPredicate("EXISTS (SELECT 1 FROM device_assignment spo WHERE spo.device_id = " + deviceIdColumn
                + " AND spo.order_id = :scope_person_order AND spo.role = 'PERSON_UNIT' AND spo.valid_from <= "
                + timeColumn + " AND (spo.valid_until IS NULL OR spo.valid_until > " + timeColumn + "))",
                Map.of("scope_person_order", orderId));
    }

    /**
     * Whether the device served the order as the victim's unit at {@code t}: what it reported then — an alarm of its
     * panic button with its evidence — is where the victim was, shown only to those acting on the open alarm.
     */
    public boolean victimUnitAt(UUID orderId, String deviceId, Instant t) {
        if (orderId == null || deviceId == null || t == null) {
            return false;
        }
        Timestamp at = Timestamp.from(t);
        return jdbc.sql("""
                SELECT COUNT(*) FROM device_assignment WHERE order_id = ? AND device_id = ? AND role = 'VICTIM_UNIT'
                  AND valid_from <= ? AND (valid_until IS NULL OR valid_until > ?)""")
                .params(orderId, deviceId, at, at).query(Long.class).single() > 0;
    }

    // ------------------------------------------------------------------------------------------------ live

    /** A judge's authorisation in force: its id and the jurisdiction whose police it authorises. */
    public record Authorisation(long id, String jurisdiction, Instant until) {
    }

    /**
     * What the policy needs to know about one order to decide on a pushed event, read in one query: its scope
     * columns, an open CRITICAL alarm (the first one's id), whether a VICTIM_PROXIMITY alarm is open, and the police
     * authorisations in force.
     */
    public record OrderFacts(UUID orderId, String courtCode, String region, String monitoringCentre,
            String prosecutor, OrderStatus status, UUID openCriticalAlarm, boolean openProximityAlarm,
            List<Authorisation> authorisations) {

        /** The authorisation in force for police of {@code jurisdiction}, if any. */
        public Optional<Authorisation> authorisationFor(String jurisdiction) {
            return authorisations.stream().filter(a -> a.jurisdiction().equals(jurisdiction)).findFirst();
        }
    }

    /** The facts of the order now, or empty when it does not exist. */
    public Optional<OrderFacts> facts(UUID orderId) {
        if (orderId == null) {
            return Optional.empty();
        }
        Timestamp now = Timestamp.from(clock.instant());
        Optional<OrderFacts> base = jdbc.sql("""
                SELECT o.id, o.court_code, o.region, o.monitoring_centre, o.prosecutor_username, o.status,
                  (SELECT MIN(CAST(a.id AS VARCHAR(36))) FROM alarm a WHERE a.order_id = o.id AND a.severity = 'CRITICAL'
                      AND a.status <> 'RESOLVED') AS critical,
                  (SELECT COUNT(*) FROM alarm a WHERE a.order_id = o.id AND a.type = :prox
                      AND a.status <> 'RESOLVED') AS proximity
                FROM judicial_order o WHERE o.id = :id""")
                .param("prox", VICTIM_PROXIMITY).param("id", orderId)
                .query((rs, n) -> new OrderFacts(rs.getObject("id", UUID.class), rs.getString("court_code"),
                        rs.getString("region"), rs.getString("monitoring_centre"),
                        rs.getString("prosecutor_username"), OrderStatus.valueOf(rs.getString("status")),
                        rs.getString("critical") == null ? null : UUID.fromString(rs.getString("critical")),
                        rs.getLong("proximity") > 0, List.of()))
                .optional();
        if (base.isEmpty()) {
            return base;
        }
        List<Authorisation> auth = jdbc.sql("""
                SELECT id, jurisdiction, valid_until FROM police_authorisation WHERE order_id = :id
                  AND revoked_at IS NULL AND valid_from <= :now AND valid_until > :now ORDER BY id""")
                .param("id", orderId).param("now", now)
                .query((rs, n) -> new Authorisation(rs.getLong("id"), rs.getString("jurisdiction"),
                        rs.getTimestamp("valid_until").toInstant()))
                .list();
        OrderFacts f = base.get();
        return Optional.of(new OrderFacts(f.orderId(), f.courtCode(), f.region(), f.monitoringCentre(),
                f.prosecutor(), f.status(), f.openCriticalAlarm(), f.openProximityAlarm(), List.copyOf(auth)));
    }

    /** The order rule of {@link #onOrders} on facts already read (for events pushed to a live subscriber). */
    public static boolean matches(Actor actor, OrderFacts f) {
        if (actor == null || f == null) {
            return false;
        }
        if (actor.is(Role.POLICE)) {
            return policeInJurisdiction(actor, f)
                    && (f.openCriticalAlarm() != null || f.authorisationFor(actor.region()).isPresent());
        }
        return matches(actor, f.courtCode(), f.region(), f.monitoringCentre(), f.prosecutor());
    }

    /**
     * Whether a live position of the order's person ({@code victimUnit} false) or of the victim's unit may be pushed
     * to {@code actor}: never to JUDGE, PROSECUTOR or AUDITOR; to ADMIN, SUPERVISOR and OPERATOR in scope; to POLICE of
     * the jurisdiction while a critical alarm is open or a judge's authorisation is in force. The victim's unit only
     * while a VICTIM_PROXIMITY alarm is open, to those who act on it (never under an authorisation alone).
     */
    public static boolean seesLivePosition(Actor actor, OrderFacts f, boolean victimUnit) {
        if (actor == null || f == null || !actor.is(Role.ADMIN, Role.SYSTEM, Role.SUPERVISOR, Role.OPERATOR,
                Role.POLICE)) {
            return false;
        }
        if (victimUnit) {
            if (!f.openProximityAlarm()) {
                return false;
            }
            return actor.is(Role.POLICE) ? policeInJurisdiction(actor, f) : matches(actor, f);
        }
        return matches(actor, f);
    }

    /** Whether an alarm of the order, of this severity and status, may be pushed to {@code actor}. */
    public static boolean seesAlarm(Actor actor, OrderFacts f, boolean critical, boolean resolved) {
        if (actor == null || f == null || actor.is(Role.AUDITOR, Role.ANONYMOUS)) {
            return false;
        }
        if (actor.is(Role.POLICE)) {
            return critical && !resolved && policeInJurisdiction(actor, f);
        }
        return matches(actor, f);
    }

    private static boolean policeInJurisdiction(Actor actor, OrderFacts f) {
        return actor.is(Role.POLICE) && actor.region() != null && actor.region().equals(f.region());
    }

    /** Whether the order's scope columns match the actor (the same rule as the SQL, for an order already loaded). */
    static boolean matches(Actor actor, String courtCode, String region, String monitoringCentre, String prosecutor) {
        if (actor == null) {
            return false;
        }
        return switch (actor.role()) {
            case ADMIN, SYSTEM, AUDITOR -> true;
            case JUDGE -> actor.courtCode() != null && actor.courtCode().equals(courtCode);
            case OPERATOR -> actor.monitoringCentre() != null && actor.monitoringCentre().equals(monitoringCentre);
            case SUPERVISOR -> actor.region() != null && actor.region().equals(region);
            case PROSECUTOR -> actor.username() != null && actor.username().equals(prosecutor);
            case POLICE, ANONYMOUS -> false;
        };
    }
}
