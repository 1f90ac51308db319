package io.rtml.common.rest;

import org.eclipse.microprofile.config.ConfigProvider;

import java.net.ConnectException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tells a dependency that cannot be reached apart from a fault of the service: a connection refused or lost,
 * or a PostgreSQL error of the "connection exception" (08) or "operator intervention" (57P) classes. Such a
 * failure is the caller's cue to come back later (503 with Retry-After), never a 500. The message names the
 * dependency: PostgreSQL when the failure came from a database driver or its configured address.
 */
public final class DependencyFailure {

    private static final List<String> DATABASE_PACKAGES = List.of("io.vertx.pgclient.", "io.vertx.sqlclient.",
            "org.postgresql.", "io.agroal.", "org.hibernate.reactive.");

    private static final int MAX_CAUSES = 16;

    private DependencyFailure() {
    }

    /** What is unreachable, as a sentence for the caller, when {@code failure} is an outage of a dependency. */
    public static Optional<String> describe(Throwable failure) {
        boolean fromDatabase = false;
        int depth = 0;
        // Bounded: a cause chain can loop (a wraps b wraps a), and this runs on the error path of every call.
        for (Throwable t = failure; t != null && depth++ < MAX_CAUSES; t = t.getCause()) {
            String type = t.getClass().getName();
            fromDatabase |= DATABASE_PACKAGES.stream().anyMatch(type::startsWith);
            if (t instanceof ConnectException || t instanceof ClosedChannelException || closedConnection(t)
                    || unavailableState(sqlState(t))) {
                String what = fromDatabase || pointsAtDatabase(t.getMessage()) ? "PostgreSQL" : "A dependency";
                return Optional.of(what + " is unreachable (" + t.getClass().getSimpleName()
                        + (t.getMessage() == null ? "" : ": " + t.getMessage()) + "); retry later");
            }
        }
        return Optional.empty();
    }

    /** The Vert.x SQL client's "the connection was lost" failure, known by name to keep this module driver-free. */
    private static boolean closedConnection(Throwable t) {
        String type = t.getClass().getName();
        return type.equals("io.vertx.sqlclient.ClosedConnectionException")
                || (type.equals("io.vertx.core.VertxException") && "Connection closed".equals(t.getMessage()));
    }

    /** The SQLSTATE a JDBC or Vert.x SQL client failure carries, or null. */
    static String sqlState(Throwable t) {
        if (t instanceof SQLException sql) {
            return sql.getSQLState();
        }
        try {
            // io.vertx.sqlclient.DatabaseException and io.vertx.pgclient.PgException carry the SQLSTATE.
            Object state = t.getClass().getMethod("getSqlState").invoke(t);
            return state == null ? null : state.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** SQLSTATE 08xxx (connection exception) and 57P01–57P03 (shutdown, crash, cannot connect now). */
    private static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    /** Whether a "Connection refused: /host:port" message names the address of the configured database. */
    private static boolean pointsAtDatabase(String message) {
        if (message == null) {
            return false;
        }
        for (String address : databaseAddresses()) {
            if (message.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> databaseAddresses() {
        List<String> out = new ArrayList<>();
        for (String key : List.of("quarkus.datasource.reactive.url", "quarkus.datasource.jdbc.url")) {
            Optional<String> url;
            try {
                url = ConfigProvider.getConfig().getOptionalValue(key, String.class);
            } catch (RuntimeException e) {
                url = Optional.empty();
            }
            url.ifPresent(u -> {
                try {
                    URI uri = URI.create(u.replaceFirst("^jdbc:", "").split(",")[0]);
                    if (uri.getPort() > 0) {
                        out.add(":" + uri.getPort());
                    }
                } catch (IllegalArgumentException ignored) {
                    // an unusual URL form: the driver's own packages still identify the database
                }
            });
        }
        return out;
    }
}
