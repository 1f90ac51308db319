package io.rtml.bench;

/**
 * What one row measured: answered requests (or records), failures, over how long, and the latency
 * percentiles. A row that could not run carries only its reason in {@code note}.
 *
 * @param ok      requests answered 2xx (records copied or scored, for the stream rows)
 * @param errors  requests answered otherwise, timed out, or refused at the socket
 * @param p50Ms   median latency in milliseconds; {@code NaN} when the row has no latency
 * @param note    why the row is missing, or what else the reader must know; may be {@code null}
 */
public record Measurement(long ok, long errors, double seconds, double p50Ms, double p99Ms, String note) {

    public static Measurement unavailable(String why) {
        return new Measurement(0, 0, 0, Double.NaN, Double.NaN, why);
    }

    public boolean available() {
        return seconds > 0;
    }

    public double perSecond() {
        return seconds > 0 ? ok / seconds : Double.NaN;
    }

    public Measurement withNote(String extra) {
        return new Measurement(ok, errors, seconds, p50Ms, p99Ms, note == null ? extra : note + "; " + extra);
    }
}
