package org.alterna.eligibility;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a prison register in CSV (UTF-8, RFC 4180, a header row naming the columns in any order) and checks every
 * line; each problem is reported with its line and column. Nothing here touches the database: the caller writes
 * the entries only if there is no error at all.
 *
 * <p>Columns (required in bold in {@code docs/eligibility.md}): internal_id, dni, given_names, surnames, birth_date,
 * sex, penal_centre (code or exact name), legal_status, offences, served_days; optional: court_code, expediente,
 * sentence_stage, penalty_months, prior_convictions, recidivist, pregnant, child_under_3, serious_illness,
 * permanent_disability, synthetic.
 */
final class RegisterCsv {
    static final List<String> REQUIRED = List.of("internal_id", "dni", "given_names", "surnames", "birth_date", "sex",
            "penal_centre", "legal_status", "offences", "served_days");
    static final List<String> OPTIONAL = List.of("court_code", "expediente", "sentence_stage", "penalty_months",
            "prior_convictions", "recidivist", "pregnant", "child_under_3", "serious_illness", "permanent_disability",
            "synthetic");
    static final List<String> COLUMNS = concat(REQUIRED, OPTIONAL);
    /** Errors kept in a failed import's report (the count of all of them is kept too). */
    static final int MAX_ERRORS = 100;

    private static final Pattern INTERNAL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,39}");
    private static final Pattern DNI = Pattern.compile("\\d{8}");
    private static final Pattern COURT = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,39}");
    private static final Pattern OFFENCE_SPLIT = Pattern.compile("[;|\\s]+");

    /** An establishment the register may name: its id and regional office (the scope of a supervisor). */
    record Centre(long id, String code, String name, String region) {
    }

    /** A problem of the file: line (1 is the header), column (null for the whole line) and what is wrong. */
    record LineError(int line, String column, String message) {
        @Override
        public String toString() {
            return "line " + line + (column == null ? "" : ", column " + column) + ": " + message;
        }
    }

    /** The entries read, each with the line it came from ({@code entryLines}, same order), or the errors. */
    record Result(List<RegisterEntry> entries, int[] entryLines, List<LineError> errors, int errorCount, int lines) {
        boolean ok() {
            return errorCount == 0;
        }
    }

    private final Map<String, Centre> centresByCode = new HashMap<>();
    private final Map<String, Centre> centresByName = new HashMap<>();
    private final String onlyRegion;
    private final LocalDate today;

    /**
     * @param centres    the establishments known to Alterna
     * @param onlyRegion when not null, every line must be of an establishment of this regional office (a supervisor)
     * @param today      the local date (birth dates in the future are refused)
     */
    RegisterCsv(List<Centre> centres, String onlyRegion, LocalDate today) {
        for (Centre c : centres) {
            if (c.code() != null) {
                centresByCode.put(c.code(), c);
            }
            centresByName.put(c.name().toLowerCase(Locale.ROOT), c);
        }
        this.onlyRegion = onlyRegion;
        this.today = today;
    }

    /** Checks only the header (the first line): a quick refusal before an import job is queued. */
    static void checkHeader(String text) {
        int end = text.indexOf('\n');
        String first = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
        List<LineError> errors = new ArrayList<>();
        header(first.isBlank() ? List.of() : Arrays.asList(first.replace("\uFEFF", "").split(",", -1)), errors);
        if (!errors.isEmpty()) {
            throw new org.alterna.common.InvalidInputException("line 1" + (errors.get(0).column() == null ? ""
                    : ", column " + errors.get(0).column()), errors.get(0).message());
        }
    }

    private static Map<String, Integer> header(List<String> names, List<LineError> errors) {
        Map<String, Integer> index = new HashMap<>();
        if (names.isEmpty()) {
            errors.add(new LineError(1, null, "empty file: expected a header " + String.join(",", REQUIRED)));
            return index;
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim().replace("\"", "").toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                errors.add(new LineError(1, name.isEmpty() ? "#" + (i + 1) : name, "unknown column; the columns are "
                        + String.join(", ", COLUMNS)));
            } else if (index.put(name, i) != null) {
                errors.add(new LineError(1, name, "column given twice"));
            }
        }
        for (String required : REQUIRED) {
            if (!index.containsKey(required) && errors.size() < MAX_ERRORS) {
                errors.add(new LineError(1, required, "missing column in header"));
            }
        }
        return index;
    }

    /** Parses and checks the whole file; {@code progress} receives the number of lines read so far. */
    Result read(String text, IntConsumer progress) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int[] lineStarts = lineStarts(text);
        int lines = lineStarts.length;
        List<LineError> errors = new ArrayList<>();
        int[] errorCount = {0};
        List<RegisterEntry> entries = new ArrayList<>(Math.max(16, lines));
        int[] entryLines = new int[Math.max(16, lines)];
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            var it = parser.iterator();
            if (!it.hasNext()) {
                errors.add(new LineError(1, null, "empty file: expected a header " + String.join(",", REQUIRED)));
                return new Result(List.of(), new int[0], errors, 1, lines);
            }
            Map<String, Integer> index = header(it.next().toList(), errors);
            if (!errors.isEmpty()) {
                return new Result(List.of(), new int[0], errors, errors.size(), lines);
            }
            Map<String, Integer> idLines = new HashMap<>();
            Map<String, Integer> dniLines = new HashMap<>();
            int n = 0;
            while (true) {
                CSVRecord record;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    record = it.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    int line = (int) parser.getCurrentLineNumber();
                    add(errors, errorCount, new LineError(Math.max(2, line), null,
                            "malformed CSV: " + rootMessage(e)));
                    break;
                }
                long position = record.getCharacterPosition();
                while (position < text.length() && (text.charAt((int) position) == '\n'
                        || text.charAt((int) position) == '\r')) {
                    position++; // the parser's position is before the empty lines it skipped
                }
                int line = lineOf(lineStarts, position);
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                Line l = new Line(record, index, line, errors, errorCount);
                RegisterEntry entry = entry(l);
                if (entry != null) {
                    Integer other = idLines.putIfAbsent(entry.internalId(), line);
                    if (other != null) {
                        l.error("internal_id", "duplicate internal_id " + entry.internalId() + " (also on line " + other + ")");
                    }
                    Integer sameDni = dniLines.putIfAbsent(entry.dni(), line);
                    if (sameDni != null) {
                        l.error("dni", "duplicate DNI " + entry.dni() + " (also on line " + sameDni + ")");
                    }
                    if (other == null && sameDni == null) {
                        entryLines[entries.size()] = line;
                        entries.add(entry);
                    }
                }
                if (++n % 5_000 == 0) {
                    progress.accept(line);
                }
            }
            if (n == 0 && errorCount[0] == 0) {
                add(errors, errorCount, new LineError(2, null, "no people in the file"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        progress.accept(lines);
        boolean ok = errorCount[0] == 0;
        return new Result(ok ? entries : List.of(), ok ? Arrays.copyOf(entryLines, entries.size()) : new int[0], errors,
                errorCount[0], lines);
    }

    private RegisterEntry entry(Line l) {
        if (l.record.size() != l.index.size()) {
            l.error(null, "expected " + l.index.size() + " fields as in the header, found " + l.record.size());
            return null;
        }
        int before = l.errorCount[0];
        String internalId = l.required("internal_id");
        if (internalId != null && !INTERNAL_ID.matcher(internalId).matches()) {
            l.error("internal_id", "letters, digits and . _ / - only, at most 40 (got \"" + internalId + "\")");
        }
        String dni = l.required("dni");
        if (dni != null && !DNI.matcher(dni).matches()) {
            l.error("dni", "a DNI is exactly 8 digits (got \"" + dni + "\")");
        }
        String given = l.text("given_names", 120, true);
        String surnames = l.text("surnames", 120, true);
        LocalDate birth = l.date("birth_date");
        if (birth != null && (birth.isAfter(today) || birth.isBefore(today.minusYears(120)))) {
            l.error("birth_date", "is not plausible (" + birth + ")");
        }
        String sex = l.required("sex");
        if (sex != null) {
            sex = sex.toUpperCase(Locale.ROOT);
            if (!sex.equals("F") && !sex.equals("M")) {
                l.error("sex", "must be F or M (got \"" + sex + "\")");
            }
        }
        Centre centre = null;
        String centreName = l.required("penal_centre");
        if (centreName != null) {
            centre = centresByCode.get(centreName);
            if (centre == null) {
                centre = centresByName.get(centreName.toLowerCase(Locale.ROOT));
            }
            if (centre == null) {
                l.error("penal_centre", "unknown establishment \"" + centreName + "\" (an INPE code or the exact name)");
            } else if (onlyRegion != null && !onlyRegion.equals(centre.region())) {
                l.error("penal_centre", centre.name() + " is of the regional office " + centre.region()
                        + ", outside your region " + onlyRegion);
            }
        }
        String court = l.optional("court_code");
        if (court != null) {
            court = court.toUpperCase(Locale.ROOT);
            if (!COURT.matcher(court).matches()) {
                l.error("court_code", "capital letters, digits and dashes, at most 40 (got \"" + court + "\")");
            }
        }
        String expediente = l.text("expediente", 60, false);
        LegalStatus status = null;
        String statusText = l.required("legal_status");
        if (statusText != null) {
            status = LegalStatus.parse(statusText);
            if (status == null) {
                l.error("legal_status", "procesado or condenado (got \"" + statusText + "\")");
            }
        }
        SentenceStage stage = null;
        String stageText = l.optional("sentence_stage");
        if (stageText != null) {
            stage = SentenceStage.parse(stageText);
            if (stage == null) {
                l.error("sentence_stage", "imposed or execution (got \"" + stageText + "\")");
            } else if (status == LegalStatus.PROCESADO) {
                l.error("sentence_stage", "only for a condenado");
            }
        }
        Integer penalty = l.integer("penalty_months", 1, RuleSetParser.MAX_MONTHS, false);
        Integer served = l.integer("served_days", 0, 50 * 366, true);
        List<String> offences = l.offences();
        Integer priors = l.integer("prior_convictions", 0, 99, false);
        Boolean recidivist = l.bool("recidivist");
        if (Boolean.TRUE.equals(recidivist) && priors != null && priors == 0) {
            l.error("recidivist", "a recidivist has prior convictions (prior_convictions is 0)");
        }
        boolean pregnant = Boolean.TRUE.equals(l.bool("pregnant"));
        if (pregnant && "M".equals(sex)) {
            l.error("pregnant", "the priority group of Código Penal art. 29-A.5.d is of pregnant women (sex is M)");
        }
        boolean child = Boolean.TRUE.equals(l.bool("child_under_3"));
        boolean illness = Boolean.TRUE.equals(l.bool("serious_illness"));
        boolean disability = Boolean.TRUE.equals(l.bool("permanent_disability"));
        boolean synthetic = Boolean.TRUE.equals(l.bool("synthetic"));
        if (l.errorCount[0] != before) {
            return null;
        }
        return new RegisterEntry(internalId, dni, given, surnames, birth, sex, centre.id(), centre.region(), court,
                expediente, status, stage, penalty, served, offences, priors == null ? 0 : priors, recidivist, pregnant,
                child, illness, disability, synthetic);
    }

    private static final class Line {
        final CSVRecord record;
        final Map<String, Integer> index;
        final int line;
        final List<LineError> errors;
        final int[] errorCount;

        Line(CSVRecord record, Map<String, Integer> index, int line, List<LineError> errors, int[] errorCount) {
            this.record = record;
            this.index = index;
            this.line = line;
            this.errors = errors;
            this.errorCount = errorCount;
        }

        void error(String column, String message) {
            add(errors, errorCount, new LineError(line, column, message));
        }

        String optional(String column) {
            Integer i = index.get(column);
            if (i == null) {
                return null;
            }
            String v = record.get(i).trim();
            return v.isEmpty() ? null : v;
        }

        String required(String column) {
            String v = optional(column);
            if (v == null) {
                error(column, "required");
            }
            return v;
        }

        String text(String column, int max, boolean required) {
            String v = required ? required(column) : optional(column);
            if (v != null && v.length() > max) {
                error(column, "must be at most " + max + " characters");
            }
            return v;
        }

        LocalDate date(String column) {
            String v = required(column);
            if (v == null) {
                return null;
            }
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                error(column, "must be a date YYYY-MM-DD (got \"" + v + "\")");
                return null;
            }
        }

        Integer integer(String column, int min, int max, boolean required) {
            String v = required ? required(column) : optional(column);
            if (v == null) {
                return null;
            }
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    error(column, "must be between " + min + " and " + max + " (got " + v + ")");
                    return null;
                }
                return n;
            } catch (NumberFormatException e) {
                error(column, "must be a whole number (got \"" + v + "\")");
                return null;
            }
        }

        /** true/false, sí/no, s/n, 1/0, yes/no; empty is unknown (null). */
        Boolean bool(String column) {
            String v = optional(column);
            if (v == null) {
                return null;
            }
            switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "1", "si", "sí", "s", "yes", "y":
                    return true;
                case "false", "0", "no", "n":
                    return false;
                default:
                    error(column, "must be true or false (got \"" + v + "\")");
                    return null;
            }
        }

        List<String> offences() {
            String v = required("offences");
            if (v == null) {
                return List.of();
            }
            Set<String> out = new LinkedHashSet<>();
            for (String part : OFFENCE_SPLIT.split(v.toUpperCase(Locale.ROOT))) {
                if (part.isEmpty()) {
                    continue;
                }
                if (!RuleSetParser.ARTICLE.matcher(part).matches()) {
                    error("offences", "\"" + part + "\" is not a Código Penal article such as 189 or 108-B "
                            + "(several separated by ;)");
                    return List.of();
                }
                out.add(part);
            }
            if (out.isEmpty()) {
                error("offences", "required");
            }
            return List.copyOf(out);
        }
    }

    private static void add(List<LineError> errors, int[] count, LineError e) {
        count[0]++;
        if (errors.size() < MAX_ERRORS) {
            errors.add(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    private static int[] lineStarts(String text) {
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        if (text.endsWith("\n")) {
            count--;
        }
        int[] starts = new int[Math.max(1, count)];
        int k = 1;
        for (int i = 0; i < text.length() && k < starts.length; i++) {
            if (text.charAt(i) == '\n') {
                starts[k++] = i + 1;
            }
        }
        return starts;
    }

    /** 1-based line of a character offset. */
    private static int lineOf(int[] starts, long position) {
        int i = Arrays.binarySearch(starts, (int) position);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
