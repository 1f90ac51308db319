package io.rtml.inference.service;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads a keys file one line at a time without ever holding more than one key: a line longer than
 * {@code maxLength} is read to its end and reported as bad, not buffered. Lines end at LF, CRLF or CR;
 * blank lines are skipped; a NUL or other control character, or bytes that are not UTF-8 (decoded as
 * U+FFFD), make a line bad.
 */
final class KeyLines {

    /** What the reader found on one line. */
    interface Sink {
        void key(String key) throws Exception;

        void badLine(long line, String why) throws Exception;
    }

    private final Reader in;
    private final int maxLength;

    KeyLines(Reader in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    void readAll(Sink sink) throws Exception {
        char[] buffer = new char[8192];
        StringBuilder line = new StringBuilder(64);
        long lineNo = 1;
        long length = 0;
        String problem = null;
        boolean afterCr = false;
        int n;
        while ((n = in.read(buffer)) != -1) {
            for (int i = 0; i < n; i++) {
                char ch = buffer[i];
                if (ch == '\n' && afterCr) {
                    afterCr = false;
                    continue;
                }
                afterCr = ch == '\r';
                if (ch == '\n' || ch == '\r') {
                    emit(sink, line, lineNo++, problem);
                    line.setLength(0);
                    length = 0;
                    problem = null;
                    continue;
                }
                length++;
                if (problem != null) {
                    continue;
                }
                if (ch == '\uFFFD') {
                    problem = "line is not valid UTF-8";
                } else if (ch == 0) {
                    problem = "line holds a NUL character";
                } else if (Character.isISOControl(ch)) {
                    problem = "line holds control character U+" + String.format("%04X", (int) ch);
                } else if (length > maxLength) {
                    problem = "entity key is longer than " + maxLength + " characters";
                } else {
                    line.append(ch);
                }
                if (problem != null) {
                    line.setLength(0);
                }
            }
        }
        emit(sink, line, lineNo, problem);
    }

    private static void emit(KeyLines.Sink sink, StringBuilder line, long lineNo, String problem)
            throws Exception {
        if (problem != null) {
            sink.badLine(lineNo, problem);
            return;
        }
        String key = line.toString().strip();
        if (!key.isEmpty()) {
            sink.key(key);
        }
    }
}
