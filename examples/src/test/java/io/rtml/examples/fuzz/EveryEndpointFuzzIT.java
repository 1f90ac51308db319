package io.rtml.examples.fuzz;

import io.rtml.contracts.security.Roles;
import io.rtml.devstack.LocalPlatform.Service;
import io.rtml.devstack.LocalPlatform;
import io.rtml.devstack.Tokens;
import io.rtml.sdk.ServiceHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand structure-aware mutations of valid requests per service, at every operation its OpenAPI
 * document declares, against the four real services on a real broker and database: no answer may be a 5xx
 * (or a dropped connection), and every service must stay ready throughout. Seeded: a failure replays with
 * {@code ./rtml fuzz --seed 20261202}.
 */
class EveryEndpointFuzzIT {

    private static final int REQUESTS_PER_SERVICE = 10_000;
    private static final long SEED = 20261202L;

    private static LocalPlatform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        System.setProperty(ServiceHttp.TOKEN_PROPERTY, Tokens.of(Roles.ADMIN));
        platform = LocalPlatform.start(List.of(Service.REGISTRY, Service.FEATURE_STORE, Service.INFERENCE,
                Service.MONITOR), "_fuzz", Map.of());
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void shouldNeverAnswerHostileInputWithA5xxNorStopBeingReady(Service service) throws Exception {
        EndpointFuzzer.Report report = new EndpointFuzzer(System.out)
                .fuzz(service.name().toLowerCase(), URI.create(platform.url(service)), REQUESTS_PER_SERVICE, SEED);
        System.out.println(report.render());
        assertThat(report.operations()).as("operations found in the OpenAPI document").isGreaterThan(5);
        assertThat(report.serverErrors()).as("answers with a 5xx or a broken connection").isEmpty();
        assertThat(report.notReady()).as("readiness checks that failed during the run").isZero();
        assertThat(report.statuses().getOrDefault(400, 0)).as("hostile requests refused as bad input").isPositive();
    }
}
