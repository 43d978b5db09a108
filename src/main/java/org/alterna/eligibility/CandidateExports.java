package org.alterna.eligibility;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.alterna.common.LocalTime;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Candidate lists for the defence and the judge: CSV (Commons CSV, UTF-8 with a byte-order mark so that spreadsheet
 * programs read the accents) and PDF (PDFBox, A4 landscape), in Spanish or English, with every reason and its legal
 * basis. Labels come from the message bundles.
 */
@Component
class CandidateExports {
    private final MessageSource messages;
    private final LocalTime localTime;

    CandidateExports(MessageSource messages, LocalTime localTime) {
        this.messages = messages;
        this.localTime = localTime;
    }

    /** What the export is of: its title line, filter summary and rule set. */
    record Heading(String scope, String filters, CandidateService.RuleSetRef ruleSet, long total, Instant at) {
    }

    String t(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    static final List<String> CSV_COLUMNS = List.of("rank", "internalId", "dni", "surnames", "givenNames", "sex",
            "birthDate", "age", "penalCentre", "region", "court", "expediente", "legalStatus", "sentenceStage",
            "penaltyMonths", "servedDays", "offences", "priorConvictions", "recidivist", "status", "communityService",
            "priority", "reasons", "ruleSet", "synthetic", "emRequestOrder");

    CsvWriter csv(OutputStream out, Locale locale, CandidateService.RuleSetRef ruleSet) {
        return new CsvWriter(out, locale, ruleSet);
    }

    final class CsvWriter implements AutoCloseable {
        private final CSVPrinter printer;
        private final Locale locale;
        private final CandidateService.RuleSetRef ruleSet;
        int rows;

        CsvWriter(OutputStream out, Locale locale, CandidateService.RuleSetRef ruleSet) {
            this.locale = locale;
            this.ruleSet = ruleSet;
            try {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                w.write('\uFEFF');
                List<String> header = new ArrayList<>();
                for (String c : CSV_COLUMNS) {
                    header.add(t("eligibility.csv." + c, locale));
                }
                printer = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void write(CandidateService.CandidateView c) {
            try {
                printer.printRecord(c.rank(), c.internalId(), c.dni(), c.surnames(), c.givenNames(), c.sex(),
                        c.birthDate(), c.age(), c.penalCentre().name(), c.region(), c.courtCode(), c.expediente(),
                        t("eligibility.legal." + c.legalStatus(), locale),
                        c.sentenceStage() == null ? "" : t("eligibility.stage." + c.sentenceStage(), locale),
                        c.penaltyMonths(), c.servedDays(), String.join(";", c.offences()), c.priorConvictions(),
                        c.recidivist() == null ? "" : t(c.recidivist() ? "eligibility.yes" : "eligibility.no", locale),
                        t("eligibility.status." + c.status(), locale),
                        t(c.communityService() ? "eligibility.yes" : "eligibility.no", locale), c.priority(),
                        reasons(c.reasons(), locale), ruleSet == null ? "" : ruleSet.code(),
                        t(c.synthetic() ? "eligibility.yes" : "eligibility.no", locale),
                        c.orderId() == null ? "" : c.orderId());
                rows++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                printer.close(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reasons on one line: "RULE (basis): text — effect"; separated by " | ". */
    String reasons(List<CandidateService.ReasonView> reasons, Locale locale) {
        List<String> parts = new ArrayList<>();
        for (CandidateService.ReasonView r : reasons) {
            parts.add(reason(r, locale));
        }
        return String.join(" | ", parts);
    }

    String reason(CandidateService.ReasonView r, Locale locale) {
        String effect = t("eligibility.effect." + r.effect(), locale);
        String arg = r.arg() == null ? "" : " [" + t("eligibility.arg." + r.arg(), locale) + "]";
        if (r.arg() != null && r.arg().matches("\\d.*")) {
            arg = " [" + t("eligibility.article", locale, r.arg()) + "]";
        }
        return effect + ": " + r.ruleId() + " (" + r.basis() + ") " + r.text() + arg;
    }

    // ------------------------------------------------------------------------------------------ PDF

    private static final PDRectangle PAGE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    private static final float MARGIN = 32;
    private static final float SIZE = 7.5f;
    private static final float LEADING = 9.2f;
    /** Columns: rank, person, centre and court, status, penalty and time served, reasons. */
    private static final float[] WIDTHS = {24, 150, 150, 78, 82, 294};

    /** Writes a PDF of at most {@code rows.size()} candidates (the caller caps it). */
    void pdf(OutputStream out, Locale locale, Heading heading, List<CandidateService.CandidateView> rows)
            throws IOException {
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        try (PDDocument doc = new PDDocument()) {
            doc.getDocumentInformation().setTitle(t("eligibility.pdf.title", locale));
            doc.getDocumentInformation().setCreator("Alterna");
            Pdf pdf = new Pdf(doc, regular, bold, locale);
            pdf.newPage();
            pdf.line(bold, 13, t("eligibility.pdf.title", locale));
            pdf.gap(3);
            pdf.line(regular, 8.5f, t("eligibility.pdf.scope", locale, heading.scope()));
            if (heading.filters() != null && !heading.filters().isBlank()) {
                pdf.line(regular, 8.5f, t("eligibility.pdf.filters", locale, heading.filters()));
            }
            if (heading.ruleSet() != null) {
                pdf.line(regular, 8.5f, t("eligibility.pdf.ruleSet", locale, heading.ruleSet().code(),
                        heading.ruleSet().title(), heading.ruleSet().inForceFrom()));
            }
            String when = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").format(heading.at().atZone(localTime.zone()));
            pdf.line(regular, 8.5f, t("eligibility.pdf.generated", locale, when, localTime.zone().getId(),
                    rows.size(), heading.total()));
            if (rows.size() < heading.total()) {
                pdf.line(bold, 8.5f, t("eligibility.pdf.truncated", locale, rows.size()));
            }
            if (rows.stream().anyMatch(CandidateService.CandidateView::synthetic)) {
                pdf.line(bold, 8.5f, t("eligibility.pdf.synthetic", locale));
            }
            pdf.wrapped(regular, 8, t("eligibility.pdf.disclaimer", locale), PAGE.getWidth() - 2 * MARGIN);
            pdf.gap(6);
            String[] head = {"#", t("eligibility.pdf.person", locale), t("eligibility.pdf.centreCourt", locale),
                t("eligibility.pdf.status", locale), t("eligibility.pdf.penalty", locale),
                t("eligibility.pdf.reasons", locale)};
            pdf.header(head);
            for (CandidateService.CandidateView c : rows) {
                String person = c.surnames() + ", " + c.givenNames() + "\nDNI " + c.dni() + " · " + c.sex() + " · "
                        + t("eligibility.pdf.age", locale, c.age()) + "\n" + c.internalId()
                        + (c.synthetic() ? " · " + t("eligibility.synthetic", locale) : "");
                String place = c.penalCentre().name() + "\n" + (c.courtCode() == null ? "—" : c.courtCode()) + "\n"
                        + (c.expediente() == null ? "" : c.expediente());
                String status = t("eligibility.status." + c.status(), locale)
                        + (c.communityService() ? "\n" + t("eligibility.pdf.withService", locale) : "")
                        + (c.priority() > 0 ? "\n" + t("eligibility.pdf.priority", locale, c.priority()) : "");
                String penalty = t("eligibility.legal." + c.legalStatus(), locale) + "\n"
                        + (c.penaltyMonths() == null ? "—" : months(c.penaltyMonths(), locale)) + "\n"
                        + t("eligibility.pdf.served", locale, c.servedDays()) + "\n"
                        + t("eligibility.pdf.offences", locale, String.join(", ", c.offences()));
                List<String> reasons = new ArrayList<>();
                for (CandidateService.ReasonView r : c.reasons()) {
                    reasons.add("• " + reason(r, locale));
                }
                pdf.row(head, new String[] {String.valueOf(c.rank()), person, place, status, penalty,
                    String.join("\n", reasons)});
            }
            pdf.finish();
            doc.save(out);
        }
    }

    String months(int months, Locale locale) {
        return t("eligibility.pdf.years", locale, months / 12, months % 12);
    }

    /** A small layout helper: lines, wrapped cells, page breaks with the table header repeated, page numbers. */
    private final class Pdf {
        final PDDocument doc;
        final PDType1Font regular;
        final PDType1Font bold;
        final Locale locale;
        PDPageContentStream cs;
        float y;
        int pages;

        Pdf(PDDocument doc, PDType1Font regular, PDType1Font bold, Locale locale) {
            this.doc = doc;
            this.regular = regular;
            this.bold = bold;
            this.locale = locale;
        }

        void newPage() throws IOException {
            if (cs != null) {
                footer();
                cs.close();
            }
            PDPage page = new PDPage(PAGE);
            doc.addPage(page);
            cs = new PDPageContentStream(doc, page);
            pages++;
            y = PAGE.getHeight() - MARGIN;
        }

        void footer() throws IOException {
            text(regular, 7, MARGIN, MARGIN / 2, "Alterna · " + t("eligibility.pdf.page", locale, pages));
        }

        void finish() throws IOException {
            footer();
            cs.close();
        }

        void gap(float h) {
            y -= h;
        }

        void line(PDType1Font font, float size, String s) throws IOException {
            y -= size + 3;
            text(font, size, MARGIN, y, s);
        }

        void wrapped(PDType1Font font, float size, String s, float width) throws IOException {
            for (String l : wrap(font, size, s, width)) {
                line(font, size, l);
            }
        }

        void header(String[] head) throws IOException {
            y -= LEADING + 2;
            float x = MARGIN;
            for (int i = 0; i < head.length; i++) {
                text(bold, SIZE, x + 2, y, head[i]);
                x += WIDTHS[i];
            }
            y -= 3;
            rule();
        }

        void row(String[] head, String[] cells) throws IOException {
            List<List<String>> lines = new ArrayList<>();
            int height = 1;
            for (int i = 0; i < cells.length; i++) {
                List<String> l = new ArrayList<>();
                for (String part : cells[i].split("\n")) {
                    l.addAll(wrap(regular, SIZE, part, WIDTHS[i] - 4));
                }
                lines.add(l);
                height = Math.max(height, l.size());
            }
            float needed = height * LEADING + 4;
            if (y - needed < MARGIN) {
                newPage();
                header(head);
            }
            float x = MARGIN;
            for (int i = 0; i < cells.length; i++) {
                float ly = y;
                for (String l : lines.get(i)) {
                    ly -= LEADING;
                    text(regular, SIZE, x + 2, ly, l);
                }
                x += WIDTHS[i];
            }
            y -= needed;
            rule();
        }

        void rule() throws IOException {
            cs.setLineWidth(0.3f);
            cs.moveTo(MARGIN, y);
            cs.lineTo(PAGE.getWidth() - MARGIN, y);
            cs.stroke();
        }

        void text(PDType1Font font, float size, float x, float ty, String s) throws IOException {
            cs.beginText();
            cs.setFont(font, size);
            cs.newLineAtOffset(x, ty);
            cs.showText(winAnsi(s));
            cs.endText();
        }
    }

    static List<String> wrap(PDType1Font font, float size, String text, float width) throws IOException {
        List<String> out = new ArrayList<>();
        String s = winAnsi(text);
        StringBuilder line = new StringBuilder();
        for (String word : s.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (font.getStringWidth(candidate) / 1000 * size <= width || line.isEmpty()) {
                if (line.isEmpty() && font.getStringWidth(word) / 1000 * size > width) {
                    // a single word wider than the cell: cut it
                    StringBuilder part = new StringBuilder();
                    for (char ch : word.toCharArray()) {
                        if (font.getStringWidth(part.toString() + ch) / 1000 * size > width && !part.isEmpty()) {
                            out.add(part.toString());
                            part.setLength(0);
                        }
                        part.append(ch);
                    }
                    line.setLength(0);
                    line.append(part);
                } else {
                    line.setLength(0);
                    line.append(candidate);
                }
            } else {
                out.add(line.toString());
                line.setLength(0);
                line.append(word);
            }
        }
        if (!line.isEmpty() || out.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }

    /** The characters Helvetica (WinAnsiEncoding) can show; anything else becomes '?'. */
    static String winAnsi(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if ((c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xFF) || "–—‘’“”•…€".indexOf(c) >= 0) {
                b.append(c);
            } else if (c == '\t') {
                b.append(' ');
            } else {
                b.append('?');
            }
        }
        return b.toString();
    }
}
