package org.alterna.portability;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

/**
 * CSV as exports and evidence packages write it: RFC 4180 (comma, CRLF, double quotes), a header row, every non-null
 * value quoted and SQL NULL an empty unquoted field — so an empty text ({@code ""}) and a NULL stay different.
 */
public final class Csv {
    private Csv() {
    }

    /** Writing: the header is printed by the caller. */
    public static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL_NON_NULL).get();

    /** Reading: the first record is the header; an unquoted empty field is null, a quoted one is "". */
    public static final CSVFormat READ = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL_NON_NULL)
            .setHeader().setSkipHeaderRecord(true).get();

    /**
     * Writes records with {@link #WRITE} to a writer, each record formatted into a reused buffer first: one write per
     * record instead of one per character and quote (millions of rows in an export).
     */
    public static final class Records {
        private final java.io.Writer out;
        private final StringBuilder buffer = new StringBuilder(256);

        public Records(java.io.Writer out) {
            this.out = out;
        }

        public void print(Object... values) throws IOException {
            buffer.setLength(0);
            WRITE.printRecord(buffer, values);
            out.append(buffer);
        }

        public void print(Iterable<?> values) throws IOException {
            java.util.List<Object> list = new java.util.ArrayList<>();
            values.forEach(list::add);
            print(list.toArray());
        }

        public void flush() throws IOException {
            out.flush();
        }
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static String sha256Hex(byte[] bytes) {
        return hex(sha256().digest(bytes));
    }

    /**
     * Passes bytes through to an entry of an archive while hashing and counting them; closing it does not close the
     * archive.
     */
    public static final class HashingOutput extends FilterOutputStream {
        private final MessageDigest digest = sha256();
        private long bytes;

        public HashingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            bytes += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        public long bytes() {
            return bytes;
        }

        public String sha256Hex() {
            return hex(digest.digest());
        }
    }
}
