package org.alterna.orders;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.alterna.audit.Audited;
import org.alterna.common.InvalidInputException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports INPE's establishments and population figures from CSV (the format of
 * {@code reference/inpe_establishments.csv}: {@code code,name,regional_office,department,city,lat,lon,capacity,
 * population,procesados,sentenciados,figures_date,source}, UTF-8, RFC 4180 quoting). Rows are matched by code, or by
 * name when the code is empty: existing ones are updated, others inserted. Every row is validated first; if any is
 * bad nothing is written and the error names the line and column.
 */
@Component
public class PenalCentreImport {
    /** The bundled copy of INPE's figures (Informe Estadístico, January 2026). */
    public static final String BUNDLED = "/reference/inpe_establishments.csv";
    static final List<String> COLUMNS = List.of("code", "name", "regional_office", "department", "city", "lat", "lon",
            "capacity", "population", "procesados", "sentenciados", "figures_date", "source");

    private final ReferenceRepository repository;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PenalCentreImport(ReferenceRepository repository, ApplicationEventPublisher events, Clock clock) {
        this.repository = repository;
        this.events = events;
        this.clock = clock;
    }

    /** What an import did. */
    public record Result(int inserted, int updated, LocalDate figuresDate) {
    }

    /** Imports the CSV copy shipped with Alterna (demo mode, first start). */
    @Transactional
    public Result importBundled() {
        try (InputStream in = PenalCentreImport.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BUNDLED);
            }
            return importCsv(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Transactional
    public Result importCsv(String csv) {
        return importCsv(new java.io.StringReader(csv == null ? "" : csv));
    }

    /** Validates every row, then upserts them all in one transaction. */
    @Transactional
    public Result importCsv(Reader csv) {
        List<PenalCentre> rows = parse(csv);
        Instant now = clock.instant();
        int inserted = 0;
        int updated = 0;
        LocalDate latest = null;
        for (PenalCentre row : rows) {
            Optional<PenalCentre> existing = row.code() != null ? repository.penalCentreByCode(row.code())
                    : repository.penalCentreByName(row.name());
            if (existing.isEmpty() && row.code() != null) {
                // A centre first imported without a code keeps its row once the code is known.
                existing = repository.penalCentreByName(row.name()).filter(c -> c.code() == null);
            }
            if (existing.isPresent()) {
                repository.updatePenalCentre(existing.get().id(), row, now);
                updated++;
            } else {
                repository.insertPenalCentre(row, now);
                inserted++;
            }
            if (latest == null || row.figuresDate().isAfter(latest)) {
                latest = row.figuresDate();
            }
        }
        events.publishEvent(new Audited("penal-centres.import", "PenalCentre", null,
                "imported " + rows.size() + " establishments (" + inserted + " new, " + updated + " updated), figures of "
                        + latest));
        return new Result(inserted, updated, latest);
    }

    /** Parses and validates; throws {@link InvalidInputException} naming {@code line N, column C}. */
    static List<PenalCentre> parse(Reader reader) {
        List<Record> records = readCsv(reader);
        if (records.isEmpty()) {
            throw new InvalidInputException("line 1", "empty file: expected a header " + String.join(",", COLUMNS));
        }
        List<String> header = records.get(0).fields().stream().map(h -> h.trim().toLowerCase()).toList();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.put(header.get(i).replace("\uFEFF", ""), i);
        }
        for (String column : COLUMNS) {
            if (!column.equals("source") && !index.containsKey(column)) {
                throw new InvalidInputException("line 1, column " + column, "missing column in header");
            }
        }
        if (records.size() == 1) {
            throw new InvalidInputException("line 2", "no establishments in the file");
        }
        List<PenalCentre> out = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Record record : records.subList(1, records.size())) {
            if (record.fields().size() == 1 && record.fields().get(0).isBlank()) {
                continue;
            }
            Row row = new Row(record, index);
            String code = row.optional("code");
            String name = row.required("name");
            PenalCentre c = new PenalCentre(null, code, name, row.required("regional_office"),
                    row.required("department"), row.required("city"), row.decimal("lat", -90, 90),
                    row.decimal("lon", -180, 180), row.count("capacity"), row.count("population"),
                    row.count("procesados"), row.count("sentenciados"), row.date("figures_date"),
                    row.optional("source"));
            if (c.procesados() + c.sentenciados() != c.population()) {
                throw row.error("population", "procesados (" + c.procesados() + ") + sentenciados (" + c.sentenciados()
                        + ") must equal population (" + c.population() + ")");
            }
            if (code != null && !codes.add(code)) {
                throw row.error("code", "duplicate code " + code + " in the file");
            }
            if (!names.add(name)) {
                throw row.error("name", "duplicate name \"" + name + "\" in the file");
            }
            out.add(c);
        }
        return out;
    }

    private record Record(int line, List<String> fields) {
    }

    private static final class Row {
        private final Record record;
        private final Map<String, Integer> index;

        Row(Record record, Map<String, Integer> index) {
            this.record = record;
            this.index = index;
        }

        InvalidInputException error(String column, String message) {
            return new InvalidInputException("line " + record.line() + ", column " + column, message);
        }

        String optional(String column) {
            Integer i = index.get(column);
            if (i == null || i >= record.fields().size()) {
                return null;
            }
            String v = record.fields().get(i).trim();
            return v.isEmpty() ? null : v;
        }

        String required(String column) {
            String v = optional(column);
            if (v == null) {
                throw error(column, "required");
            }
            return v;
        }

        double decimal(String column, double min, double max) {
            String v = required(column);
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw error(column, "must be a number (got \"" + v + "\")");
            }
            if (!(d >= min && d <= max)) {
                throw error(column, "must be between " + (int) min + " and " + (int) max + " (got " + v + ")");
            }
            return d;
        }

        int count(String column) {
            String v = required(column);
            try {
                int n = Integer.parseInt(v);
                if (n < 0) {
                    throw error(column, "must not be negative (got " + v + ")");
                }
                return n;
            } catch (NumberFormatException e) {
                throw error(column, "must be a whole number (got \"" + v + "\")");
            }
        }

        LocalDate date(String column) {
            String v = required(column);
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                throw error(column, "must be a date YYYY-MM-DD (got \"" + v + "\")");
            }
        }
    }

    /** RFC 4180: comma-separated, fields optionally in double quotes ("" escapes a quote; quoted newlines allowed). */
    private static List<Record> readCsv(Reader reader) {
        String text;
        try {
            StringBuilder all = new StringBuilder();
            char[] buffer = new char[8192];
            int n;
            while ((n = reader.read(buffer)) != -1) {
                all.append(buffer, 0, n);
            }
            text = all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (ch == '"') {
                    quoted = false;
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
            } else if (ch == '"' && field.isEmpty()) {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                records.add(new Record(recordLine, List.copyOf(fields)));
                fields.clear();
                line++;
                recordLine = line;
            } else if (ch != '\r') {
                field.append(ch);
            }
            i++;
        }
        if (quoted) {
            throw new InvalidInputException("line " + recordLine, "unterminated quoted field");
        }
        if (!field.isEmpty() || !fields.isEmpty()) {
            fields.add(field.toString());
            records.add(new Record(recordLine, List.copyOf(fields)));
        }
        return records;
    }
}
