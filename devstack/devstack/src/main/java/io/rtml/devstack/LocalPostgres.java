package io.rtml.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * PostgreSQL for the launcher and the tests: the server on {@code RTML_PG_HOST:RTML_PG_PORT}
 * (default 127.0.0.1:5432, user postgres) when it answers, else an embedded server (real
 * PostgreSQL binaries from Maven Central) that lives as long as this JVM.
 */
public final class LocalPostgres implements AutoCloseable {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final EmbeddedPostgres embedded;

    private LocalPostgres(String host, int port, String user, String password, EmbeddedPostgres embedded) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /** The configured server if it accepts a login, otherwise {@code null}. */
    public static LocalPostgres existing() {
        String host = env("RTML_PG_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("RTML_PG_PORT", "5432"));
        String user = env("RTML_PG_USER", "postgres");
        String password = env("RTML_PG_PASSWORD", "");
        if (!Ports.isOpen(host, port)) {
            return null;
        }
        LocalPostgres candidate = new LocalPostgres(host, port, user, password, null);
        try (Connection ignored = candidate.connect("postgres")) {
            return candidate;
        } catch (SQLException e) {
            return null;
        }
    }

    /** Starts (or restarts over existing data) an embedded server in {@code dataDir} on {@code port}. */
    public static LocalPostgres embedded(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
        return new LocalPostgres("127.0.0.1", port, "postgres", "", pg);
    }

    /** The local server when there is one, else an embedded one on a free port under {@code fallbackDir}. */
    public static LocalPostgres existingOrEmbedded(Path fallbackDir) throws IOException {
        LocalPostgres local = existing();
        return local != null ? local : embedded(fallbackDir, Ports.freePort());
    }

    public void createDatabaseIfMissing(String name) throws SQLException {
        requireSafeName(name);
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE \"" + name + "\"");
            }
        }
    }

    /** Drops and recreates {@code name}: tests start from an empty schema every run. */
    public void recreateDatabase(String name) throws SQLException {
        requireSafeName(name);
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            s.execute("CREATE DATABASE \"" + name + "\"");
        }
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** URLs of {@code database} reached through {@code proxy} instead of directly. */
    public String jdbcUrl(String database, TcpProxy proxy) {
        return "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database;
    }

    public String reactiveUrl(String database, TcpProxy proxy) {
        return "postgresql://127.0.0.1:" + proxy.port() + "/" + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }

    private static void requireSafeName(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a safe database name: " + name);
        }
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}
