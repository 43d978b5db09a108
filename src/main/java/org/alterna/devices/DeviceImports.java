package org.alterna.devices;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.alterna.identity.Role;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Bulk registration of devices from CSV (UTF-8, RFC 4180, a header naming the columns): every line is validated and
 * every error reported by line and column; only a file without a single error is stored, all of it in one
 * transaction, or nothing. The header is checked at once (400 naming the column); the lines are then worked through
 * by a job whose progress is read back ({@link #get}), one job at a time.
 * <p>
 * Columns ({@code unique_id}, {@code model} and {@code protocol} required): {@code unique_id, kind, model, protocol,
 * iccid, firmware, contract, owner, holding_region, location_type, location}. A supervisor imports into their own
 * region; a job is read by its region's supervisors and by administrators.
 */
@Service
class DeviceImports implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(DeviceImports.class);
    static final List<String> COLUMNS = List.of("unique_id", "kind", "model", "protocol", "iccid", "firmware",
            "contract", "owner", "holding_region", "location_type", "location");
    static final List<String> REQUIRED = List.of("unique_id", "model", "protocol");
    private static final int MAX_ERRORS_SHOWN = 1000;

    private final DeviceRegistry registry;
    private final JdbcClient jdbc;
    private final DeviceSettings settings;
    private final Clock clock;
    private final Cache<UUID, Job> jobs = Caffeine.newBuilder().expireAfterWrite(Duration.ofDays(1))
            .maximumSize(1000).build();
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(20), r -> {
                Thread t = new Thread(r, "device-import");
                t.setDaemon(true);
                return t;
            });

    DeviceImports(DeviceRegistry registry, JdbcClient jdbc, DeviceSettings settings, Clock clock) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** Where a job is: checking lines, storing, done, or failed (nothing stored). */
    enum Phase { QUEUED, VALIDATING, STORING, DONE, FAILED }

    /** A problem of one line (counted from the header, line 1) and column. */
    record LineError(long line, String column, String message) {
    }

    /** A job as the API shows it. */
    record JobView(UUID id, Phase status, int total, int validated, int stored, int percent, int errorCount,
            List<LineError> errors, String createdBy, String holdingRegion, Instant startedAt, Instant finishedAt) {
    }

    private static final class Job {
        final UUID id = UUID.randomUUID();
        final String createdBy;
        final String region;
        final Instant startedAt;
        final int total;
        final AtomicInteger validated = new AtomicInteger();
        final AtomicInteger stored = new AtomicInteger();
        final List<LineError> errors = Collections.synchronizedList(new ArrayList<>());
        volatile Phase phase = Phase.QUEUED;
        volatile int errorCount;
        volatile Instant finishedAt;

        Job(String createdBy, String region, Instant startedAt, int total) {
            this.createdBy = createdBy;
            this.region = region;
            this.startedAt = startedAt;
            this.total = total;
        }

        JobView view() {
            int done = validated.get() + stored.get();
            int percent = phase == Phase.DONE || phase == Phase.FAILED ? 100
                    : total == 0 ? 0 : (int) Math.min(99, done * 100L / (2L * total));
            List<LineError> shown;
            synchronized (errors) {
                shown = List.copyOf(errors);
            }
            return new JobView(id, phase, total, validated.get(), stored.get(), percent, errorCount, shown, createdBy,
                    region, startedAt, finishedAt);
        }
    }

    /** Checks the header and starts the job; the lines are checked and stored in the background. */
    JobView start(Actor actor, byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidInputException("file", "a CSV file with a header line is required");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<CSVRecord> records;
        Map<String, Integer> header;
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).get().parse(new StringReader(text))) {
            header = parser.getHeaderMap();
            checkHeader(header);
            records = parser.getRecords();
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new InvalidInputException("file", "not a readable CSV file: " + e.getMessage());
        }
        if (records.isEmpty()) {
            throw new InvalidInputException("file", "the file has a header but no device");
        }
        if (records.size() > settings.importMaxLines()) {
            throw new InvalidInputException("file", "at most " + settings.importMaxLines() + " devices per file (this "
                    + "one has " + records.size() + ")");
        }
        String region = actor.is(Role.SUPERVISOR) ? actor.region() : null;
        Job job = new Job(actor.username(), region, clock.instant(), records.size());
        jobs.put(job.id, job);
        Map<String, String> columns = canonical(header);
        try {
            worker.execute(() -> Actors.runAs(actor, () -> run(job, actor, records, columns)));
        } catch (RejectedExecutionException e) {
            jobs.invalidate(job.id);
            throw new ConflictException("too many imports are waiting; try again in a minute");
        }
        return job.view();
    }

    /** The job, if the caller may read it: administrators any, a supervisor those of their region. */
    JobView get(Actor actor, UUID id) {
        Job job = id == null ? null : jobs.getIfPresent(id);
        boolean visible = job != null && (actor.seesAllCases()
                || actor.is(Role.SUPERVISOR) && actor.region() != null && actor.region().equals(job.region));
        if (!visible) {
            throw new NotFoundException("no device import " + id);
        }
        return job.view();
    }

    // ---------------------------------------------------------------------------------------------- the job

    private void run(Job job, Actor actor, List<CSVRecord> records, Map<String, String> columns) {
        try {
            job.phase = Phase.VALIDATING;
            List<NewDevice> valid = validate(job, actor, records, columns);
            if (job.errorCount > 0) {
                job.phase = Phase.FAILED;
                return;
            }
            job.phase = Phase.STORING;
            registry.registerAll(valid, actor.username(), "imported from CSV (import " + job.id + ")",
                    job.stored::set);
            job.phase = Phase.DONE;
        } catch (RuntimeException e) {
            log.warn("device import {} failed: {}", job.id, e.toString());
            error(job, 0, "file", "nothing was stored: " + e.getMessage());
            job.phase = Phase.FAILED;
        } finally {
            job.finishedAt = clock.instant();
        }
    }

    private List<NewDevice> validate(Job job, Actor actor, List<CSVRecord> records, Map<String, String> columns) {
        List<NewDevice> out = new ArrayList<>(records.size());
        Map<String, Long> firstLine = new HashMap<>();
        List<Long> lines = new ArrayList<>(records.size());
        for (CSVRecord r : records) {
            long line = r.getRecordNumber() + 1;
            lines.add(line);
            String id = value(r, columns, "unique_id");
            check(job, line, "unique_id", NewDevice.checkId(id));
            if (id != null && !id.isBlank()) {
                Long earlier = firstLine.putIfAbsent(id, line);
                if (earlier != null) {
                    error(job, line, "unique_id", "device " + id + " is already on line " + earlier);
                }
            }
            String kind = value(r, columns, "kind");
            check(job, line, "kind", NewDevice.checkEnum(DeviceKind.class, kind));
            String model = value(r, columns, "model");
            check(job, line, "model", NewDevice.checkModel(model));
            String protocol = value(r, columns, "protocol");
            check(job, line, "protocol", NewDevice.checkProtocol(protocol));
            String iccid = value(r, columns, "iccid");
            check(job, line, "iccid", NewDevice.checkIccid(iccid));
            String firmware = value(r, columns, "firmware");
            check(job, line, "firmware", NewDevice.checkText(firmware, 40));
            String contract = value(r, columns, "contract");
            check(job, line, "contract", NewDevice.checkText(contract, 80));
            String owner = value(r, columns, "owner");
            check(job, line, "owner", NewDevice.checkText(owner, 120));
            String region = NewDevice.blankToNull(value(r, columns, "holding_region"));
            check(job, line, "holding_region", NewDevice.checkText(region, 80));
            if (actor.is(Role.SUPERVISOR) && region != null && !region.equals(actor.region())) {
                error(job, line, "holding_region", "a supervisor of " + actor.region() + " imports into their own"
                        + " region only");
            }
            String locationType = value(r, columns, "location_type");
            String locationProblem = NewDevice.checkEnum(LocationType.class, locationType);
            check(job, line, "location_type", locationProblem);
            LocationType lt = locationProblem == null ? NewDevice.parseEnum(LocationType.class, locationType) : null;
            String location = value(r, columns, "location");
            check(job, line, "location", NewDevice.checkText(location, 120));
            if (lt == LocationType.WEARER) {
                error(job, line, "location_type", "a device enters the inventory in a warehouse, a penal centre or"
                        + " with an installer");
            }
            if (lt == LocationType.PENAL_CENTRE && NewDevice.blankToNull(location) == null) {
                error(job, line, "location", "name the penal centre that keeps the device");
            }
            if (!r.isConsistent()) {
                error(job, line, "", "has " + r.size() + " values for " + columns.size() + " columns");
            }
            if (job.errorCount == 0) {
                DeviceKind k = NewDevice.parseEnum(DeviceKind.class, kind);
                String p = protocol.strip().toLowerCase(Locale.ROOT);
                out.add(new NewDevice(id, k != null ? k : p.equals("osmand") ? DeviceKind.PHONE : DeviceKind.ANKLE_TAG,
                        model.strip(), p, NewDevice.blankToNull(iccid), NewDevice.blankToNull(firmware),
                        NewDevice.blankToNull(contract), NewDevice.blankToNull(owner),
                        actor.is(Role.SUPERVISOR) ? actor.region() : region, lt, NewDevice.blankToNull(location)));
            }
            job.validated.incrementAndGet();
        }
        // ids already registered, in chunks
        List<String> ids = new ArrayList<>(firstLine.keySet());
        for (int i = 0; i < ids.size(); i += 1000) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
            for (String known : jdbc.sql("SELECT unique_id FROM device WHERE unique_id IN (:ids)").param("ids", chunk)
                    .query(String.class).list()) {
                error(job, firstLine.get(known), "unique_id", "device " + known + " is already registered");
            }
        }
        synchronized (job.errors) {
            job.errors.sort((a, b) -> a.line() != b.line() ? Long.compare(a.line(), b.line())
                    : COLUMNS.indexOf(a.column()) - COLUMNS.indexOf(b.column()));
        }
        return out;
    }

    private static void check(Job job, long line, String column, String problem) {
        if (problem != null) {
            error(job, line, column, problem);
        }
    }

    private static void error(Job job, long line, String column, String message) {
        job.errorCount++;
        if (job.errors.size() < MAX_ERRORS_SHOWN) {
            job.errors.add(new LineError(line, column, message));
        }
    }

    // ---------------------------------------------------------------------------------------------- header

    /** The column a header name stands for: {@code unique_id}, {@code uniqueId}, {@code Unique ID} alike. */
    static String normalise(String name) {
        return name == null ? "" : name.strip().replaceAll("([a-z])([A-Z])", "$1_$2").replaceAll("[\\s-]+", "_")
                .toLowerCase(Locale.ROOT);
    }

    private static void checkHeader(Map<String, Integer> header) {
        if (header == null || header.isEmpty()) {
            throw new InvalidInputException("file", "the first line must name the columns: " + COLUMNS);
        }
        List<String> seen = new ArrayList<>();
        for (String name : header.keySet()) {
            String c = normalise(name);
            if (!COLUMNS.contains(c)) {
                throw new InvalidInputException(name, "unknown column (columns: " + COLUMNS + ")");
            }
            seen.add(c);
        }
        for (String required : REQUIRED) {
            if (!seen.contains(required)) {
                throw new InvalidInputException(required, "the column is required (columns: " + COLUMNS + ")");
            }
        }
    }

    /** Canonical column → the header's own spelling. */
    private static Map<String, String> canonical(Map<String, Integer> header) {
        Map<String, String> out = new LinkedHashMap<>();
        header.keySet().forEach(name -> out.put(normalise(name), name));
        return out;
    }

    private static String value(CSVRecord r, Map<String, String> columns, String column) {
        String name = columns.get(column);
        return name == null || !r.isSet(name) ? null : r.get(name);
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
