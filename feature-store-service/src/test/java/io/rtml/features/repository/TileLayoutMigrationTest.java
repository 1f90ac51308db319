package io.rtml.features.repository;

import io.rtml.devstack.LocalPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The V5 migration (tiles per source feature and bucket size) on a database at V4 that holds data: the event
 * log comes through untouched, the old per-aggregation tiles go, and every view with aggregations is listed for
 * {@code TileRebuild}, which rebuilds its tiles from that log at the next start (shown on the running service by
 * {@code WindowAggregationTest.shouldRebuildTilesThatCountedEventsTwiceFromTheEventLog}). No service starts here:
 * Flyway runs the service's own migration scripts against real PostgreSQL.
 */
class TileLayoutMigrationTest {

    private static final String DATABASE = "rtml_features_migration";

    @Test
    void shouldKeepEveryLoggedEventAndListEveryAggregatedViewForATileRebuildWhenTheTileLayoutChanges() throws Exception {
        try (LocalPostgres pg = LocalPostgres.existingOrEmbedded(Path.of("target", "pg-migration"))) {
            pg.recreateDatabase(DATABASE);
            migrate(pg, "4");
            try (Connection c = pg.connect(DATABASE); Statement s = c.createStatement()) {
                s.execute("INSERT INTO entity (name, created_at) VALUES ('recipient', now())");
                s.execute("INSERT INTO feature_view (name, entity_name, features, aggregations, created_at) VALUES "
                        + "('opens', 'recipient', '[{\"name\": \"opened\", \"type\": \"BOOL\"}]', "
                        + "'[{\"name\": \"opens_7d\", \"function\": \"count\", \"source\": \"opened\", \"window\": \"7d\"}]', now()), "
                        + "('plain', 'recipient', '[{\"name\": \"score\", \"type\": \"FP64\"}]', NULL, now())");
                s.execute("INSERT INTO feature_event (view_id, feature, entity_key, event_time, value, ingested_at) "
                        + "SELECT v.id, 'opened', 'r' || n, now() - n * interval '1 hour', 'true', now() "
                        + "FROM feature_view v, generate_series(1, 5) n WHERE v.name = 'opens'");
                s.execute("INSERT INTO feature_tile (view_id, aggregation, entity_key, bucket, cnt, last_time, ingested_at) "
                        + "SELECT view_id, 'opens_7d', entity_key, date_trunc('hour', event_time), 1, event_time, ingested_at "
                        + "FROM feature_event");
            }
            List<String> eventsBefore = rows(pg, "SELECT id || ' ' || entity_key || ' ' || event_time || ' ' || value FROM feature_event ORDER BY id");

            migrate(pg, "5");

            assertThat(rows(pg, "SELECT id || ' ' || entity_key || ' ' || event_time || ' ' || value FROM feature_event ORDER BY id"))
                    .hasSize(5).isEqualTo(eventsBefore);
            assertThat(rows(pg, "SELECT count(*) FROM feature_tile")).containsExactly("0");
            assertThat(rows(pg, "SELECT v.name FROM feature_tile_rebuild r JOIN feature_view v ON v.id = r.view_id"))
                    .containsExactly("opens");
            assertThat(rows(pg, "SELECT string_agg(a.attname, ',' ORDER BY array_position(i.indkey, a.attnum)) "
                    + "FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                    + "WHERE i.indrelid = 'feature_tile'::regclass AND i.indisprimary"))
                    .containsExactly("view_id,feature,bucket_seconds,entity_key,bucket");
        }
    }

    private static void migrate(LocalPostgres pg, String target) {
        Flyway.configure().dataSource(pg.jdbcUrl(DATABASE), pg.user(), pg.password())
                .locations("classpath:db/migration").target(target).load().migrate();
    }

    private static List<String> rows(LocalPostgres pg, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connect(DATABASE); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
