package org.alterna.reports;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.BiFunction;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

/**
 * Lays out a report on A4 pages with PDFBox: a running header and footer ("page i of n") on every page, titles,
 * headings, wrapped paragraphs, label–value blocks, tables that break across pages with their header repeated, and
 * boxes reserved for drawings. Text uses Liberation Sans (bundled with PDFBox, embedded as a subset), which covers
 * Spanish and every Latin name; headings are set in a stroked (bold) rendering of the same font. Nothing is drawn
 * outside the margins.
 */
final class PdfComposer implements AutoCloseable {
    static final PDRectangle SIZE = PDRectangle.A4;
    static final float MARGIN = 50;
    static final float TOP = SIZE.getHeight() - 62;
    static final float BOTTOM = 58;
    static final Color INK = new Color(33, 33, 33);
    static final Color MUTED = new Color(97, 97, 97);
    static final Color ACCENT = new Color(13, 71, 161);
    static final Color RULE = new Color(189, 189, 189);
    static final Color SHADE = new Color(238, 242, 247);

    private final PDDocument doc = new PDDocument();
    private final PDType0Font font;
    private final TrueTypeFont ttf;
    private final Map<Integer, Boolean> glyphs = new HashMap<>();
    private final String runningHeader;
    private final String footer;
    private final BiFunction<Integer, Integer, String> pageLabel;
    private PDPageContentStream cs;
    private float y;

    PdfComposer(String runningHeader, String footer, BiFunction<Integer, Integer, String> pageLabel) {
        this.runningHeader = runningHeader;
        this.footer = footer;
        this.pageLabel = pageLabel;
        try (InputStream in = PDDocument.class.getResourceAsStream(
                "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
            ttf = new TTFParser().parse(new RandomAccessReadBuffer(in));
            // Latin text needs no glyph substitution, and PDFBox builds a regular expression of the font's whole
            // substitution table for every text run it substitutes: a fifth of a report's time
            ttf.setEnableGsub(false);
            font = PDType0Font.load(doc, ttf, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the report font", e);
        }
        newPage();
    }

    PDDocument document() {
        return doc;
    }

    PDType0Font font() {
        return font;
    }

    static float width() {
        return SIZE.getWidth() - 2 * MARGIN;
    }

    float y() {
        return y;
    }

    void newPage() {
        try {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(SIZE);
            doc.addPage(page);
            cs = new PDPageContentStream(doc, page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        y = TOP;
    }

    /** Starts a new page unless {@code height} points still fit above the bottom margin. */
    void ensure(float height) {
        if (y - height < BOTTOM) {
            newPage();
        }
    }

    void space(float points) {
        y -= points;
    }

    // ------------------------------------------------------------------------------------------------ text

    /** The text with every character the font cannot draw replaced by '?', and no control characters. */
    String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\r' || cp == '\t') {
                b.append(' ');
            } else if (Character.isISOControl(cp)) {
                // dropped
            } else if (glyphs.computeIfAbsent(cp, this::drawable)) {
                b.appendCodePoint(cp);
            } else {
                b.append('?');
            }
        });
        return b.toString();
    }

    private boolean drawable(int cp) {
        try {
            font.encode(new String(Character.toChars(cp))); // throws when the font has no glyph for it
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    float textWidth(String s, float size) {
        try {
            return font.getStringWidth(s) / 1000f * size;
        } catch (IOException | IllegalArgumentException e) {
            return s.length() * size * 0.55f;
        }
    }

    /** Breaks text into lines of at most {@code width} points (long words, such as hashes, are broken too). */
    List<String> wrap(String text, float size, float width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : (text == null ? "" : text).split("\n", -1)) {
            String clean = clean(paragraph);
            StringBuilder line = new StringBuilder();
            for (String word : clean.split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (textWidth(candidate, size) <= width) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                String rest = word;
                while (textWidth(rest, size) > width && rest.length() > 1) {
                    int cut = rest.length() - 1;
                    while (cut > 1 && textWidth(rest.substring(0, cut), size) > width) {
                        cut--;
                    }
                    lines.add(rest.substring(0, cut));
                    rest = rest.substring(cut);
                }
                line.append(rest);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    void text(float x, float baseline, String s, float size, Color color, boolean bold) {
        try {
            cs.beginText();
            cs.setFont(font, size);
            cs.setNonStrokingColor(color);
            if (bold) {
                cs.setRenderingMode(RenderingMode.FILL_STROKE);
                cs.setStrokingColor(color);
                cs.setLineWidth(size * 0.035f);
            } else {
                cs.setRenderingMode(RenderingMode.FILL);
            }
            cs.newLineAtOffset(x, baseline);
            cs.showText(clean(s));
            cs.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void title(String s) {
        for (String line : wrap(s, 17, width())) {
            ensure(24);
            y -= 18;
            text(MARGIN, y, line, 17, ACCENT, true);
            y -= 6;
        }
    }

    void subtitle(String s) {
        paragraph(s, 10.5f, MUTED);
    }

    void heading(String s) {
        heading(s, 71);
    }

    /** A heading kept on one page with the first {@code following} points of what it heads (a map, a table). */
    void heading(String s, float following) {
        ensure(39 + following); // a heading never ends a page: what it heads comes with it
        y -= 14;
        text(MARGIN, y - 12, s, 12.5f, ACCENT, true);
        y -= 17;
        line(MARGIN, y, MARGIN + width(), y, RULE, 0.6f);
        y -= 8;
    }

    void subheading(String s) {
        ensure(64); // never the last line of a page: what it heads follows it
        y -= 6;
        for (String line : wrap(s, 10, width())) {
            ensure(14);
            y -= 11;
            text(MARGIN, y, line, 10, INK, true);
            y -= 3;
        }
        y -= 2;
    }

    void paragraph(String s, float size, Color color) {
        paragraph(s, size, color, MARGIN, width());
    }

    void paragraph(String s, float size, Color color, float x, float width) {
        float leading = size * 1.35f;
        for (String line : wrap(s, size, width)) {
            ensure(leading);
            y -= leading;
            text(x, y + size * 0.3f, line, size, color, false);
        }
        y -= size * 0.4f;
    }

    /** Label–value lines: the label on the left, the value wrapped beside it. */
    void fields(List<String[]> rows, float size) {
        float labelWidth = 175;
        float leading = size * 1.35f;
        for (String[] kv : rows) {
            List<String> value = wrap(kv[1], size, width() - labelWidth);
            List<String> label = wrap(kv[0], size, labelWidth - 8);
            int n = Math.max(value.size(), label.size());
            ensure(leading * Math.min(n, 3));
            for (int i = 0; i < n; i++) {
                ensure(leading);
                y -= leading;
                if (i < label.size()) {
                    text(MARGIN, y + size * 0.3f, label.get(i), size, MUTED, false);
                }
                if (i < value.size()) {
                    text(MARGIN + labelWidth, y + size * 0.3f, value.get(i), size, INK, false);
                }
            }
            y -= 1.5f;
        }
        y -= 3;
    }

    /** A table whose columns share the width by {@code weights}; it breaks across pages and repeats its header. */
    void table(float[] weights, String[] header, List<String[]> rows, float size) {
        float total = 0;
        for (float w : weights) {
            total += w;
        }
        float[] widths = new float[weights.length];
        for (int i = 0; i < weights.length; i++) {
            widths[i] = width() * weights[i] / total;
        }
        float leading = size * 1.3f;
        float pad = 3;
        Runnable head = () -> {
            List<List<String>> cells = cells(header, widths, size);
            float h = height(cells, leading) + 2 * pad;
            fill(MARGIN, y - h, width(), h, SHADE);
            drawRow(cells, widths, leading, pad, size, true);
        };
        ensure(size * 6);
        head.run();
        for (int r = 0; r < rows.size(); r++) {
            List<List<String>> cells = cells(rows.get(r), widths, size);
            float h = height(cells, leading) + 2 * pad;
            if (y - h < BOTTOM) {
                newPage();
                head.run();
            }
            drawRow(cells, widths, leading, pad, size, false);
            line(MARGIN, y, MARGIN + width(), y, RULE, 0.3f);
        }
        y -= 6;
    }

    private List<List<String>> cells(String[] row, float[] widths, float size) {
        List<List<String>> cells = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            cells.add(wrap(i < row.length ? row[i] : "", size, widths[i] - 6));
        }
        return cells;
    }

    private static float height(List<List<String>> cells, float leading) {
        int n = 1;
        for (List<String> c : cells) {
            n = Math.max(n, c.size());
        }
        return n * leading;
    }

    private void drawRow(List<List<String>> cells, float[] widths, float leading, float pad, float size,
            boolean bold) {
        float h = height(cells, leading);
        float x = MARGIN;
        for (int i = 0; i < cells.size(); i++) {
            float ly = y - pad;
            for (String line : cells.get(i)) {
                ly -= leading;
                text(x + 3, ly + size * 0.3f, line, size, bold ? INK : INK, bold);
            }
            x += widths[i];
        }
        y -= h + 2 * pad;
    }

    /** Monospaced-looking block for hashes and commands: wrapped anywhere, on a shaded background. */
    void code(String s, float size) {
        List<String> lines = wrap(s, size, width() - 12);
        float leading = size * 1.35f;
        for (String line : lines) {
            ensure(leading + 4);
            fill(MARGIN, y - leading - 2, width(), leading + 2, SHADE);
            y -= leading;
            text(MARGIN + 6, y + size * 0.2f, line, size, INK, false);
        }
        y -= 5;
    }

    /** Reserves {@code height} points of the page (a new page if needed); returns the box, bottom-left origin. */
    float[] box(float height) {
        ensure(height);
        float[] b = {MARGIN, y - height, width(), height};
        y -= height;
        return b;
    }

    PDPageContentStream stream() {
        return cs;
    }

    void fill(float x, float yy, float w, float h, Color c) {
        try {
            cs.setNonStrokingColor(c);
            cs.addRect(x, yy, w, h);
            cs.fill();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void line(float x1, float y1, float x2, float y2, Color c, float width) {
        try {
            cs.setStrokingColor(c);
            cs.setLineWidth(width);
            cs.moveTo(x1, y1);
            cs.lineTo(x2, y2);
            cs.stroke();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the running header and "page i of n" to every page, the document information, and returns the PDF. */
    byte[] finish(String title, String subject, String author, java.time.Instant created) {
        try {
            cs.close();
            cs = null;
            int n = doc.getNumberOfPages();
            for (int i = 0; i < n; i++) {
                PDPage page = doc.getPage(i);
                try (PDPageContentStream s = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND,
                        true, true)) {
                    cs = s;
                    float top = SIZE.getHeight() - 36;
                    text(MARGIN, top, fit(runningHeader, 8, width()), 8, MUTED, false);
                    line(MARGIN, top - 5, MARGIN + width(), top - 5, RULE, 0.5f);
                    line(MARGIN, 44, MARGIN + width(), 44, RULE, 0.5f);
                    String label = pageLabel.apply(i + 1, n);
                    float lw = textWidth(clean(label), 8);
                    text(MARGIN, 33, fit(footer, 8, width() - lw - 16), 8, MUTED, false);
                    text(MARGIN + width() - lw, 33, label, 8, MUTED, false);
                }
            }
            cs = null;
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(clean(title));
            info.setSubject(clean(subject));
            info.setAuthor(clean(author));
            info.setCreator("Alterna");
            info.setProducer("Alterna (Apache PDFBox)");
            Calendar cal = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            cal.setTimeInMillis(created.toEpochMilli());
            info.setCreationDate(cal);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report", e);
        }
    }

    /** The text shortened with an ellipsis to fit {@code width}. */
    String fit(String s, float size, float width) {
        String c = clean(s);
        if (textWidth(c, size) <= width) {
            return c;
        }
        while (c.length() > 1 && textWidth(c + "…", size) > width) {
            c = c.substring(0, c.length() - 1);
        }
        return c + "…";
    }

    @Override
    public void close() {
        try {
            if (cs != null) {
                cs.close();
            }
            doc.close();
            ttf.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
