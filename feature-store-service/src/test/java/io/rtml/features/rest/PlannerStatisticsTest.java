package io.rtml.features.rest;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rtml.contracts.security.Roles;
import io.rtml.devstack.DevstackTestResource;
import io.rtml.devstack.Tokens;
import io.rtml.features.service.PlannerStatistics;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.StringJoiner;

import static io.rtml.features.rest.Fixtures.ingest;
import static io.rtml.features.rest.Fixtures.newView;
import static io.rtml.features.rest.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bulk write leaves the feature tables analyzed, so the read that follows it is planned on their real sizes
 * (without statistics PostgreSQL picked the retention index for tile reads: 65 s for 1,000 keys instead of 30 ms).
 */
@QuarkusTest
@WithTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "database", value = "rtml_features_test"))
class PlannerStatisticsTest {

    @Inject
    PlannerStatistics statistics;

    @Inject
    Pool pool;

    @BeforeEach
    void signInAsAdmin() {
        Tokens.signIn(Tokens.of(Roles.ADMIN));
    }

    private long analyzeCount() {
        return pool.query("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'feature_history'").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    @Test
    void shouldAnalyzeTheFeatureTablesOnceABulkWriteGrewThemEnough() throws InterruptedException {
        String view = newView(null);
        long before = analyzeCount();
        long rows = statistics.rowsUntilNextAnalyze();
        assertThat(rows).as("rows until the next analyze").isPositive();
        Instant t = Instant.now().minusSeconds(60);
        for (long written = 0; written < rows; ) {
            StringJoiner batch = new StringJoiner(",");
            for (int i = 0; i < 5_000 && written < rows; i++, written++) {
                batch.add(row("r-" + written, t, "{\"tz_offset\": 1.0}"));
            }
            ingest(view, batch.toString());
        }
        // The write answered after the analyze; the statistics view may show it a moment later.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (analyzeCount() == before && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(analyzeCount()).as("analyzes of feature_history").isGreaterThan(before);
        assertThat(statistics.rowsUntilNextAnalyze()).as("the count starts again after the analyze")
                .isGreaterThanOrEqualTo(1_000);
    }
}
