package io.rtml.examples.fuzz;

import io.rtml.contracts.security.Roles;
import io.rtml.devstack.LocalPlatform;
import io.rtml.devstack.LocalPlatform.Service;
import io.rtml.devstack.Tokens;
import io.rtml.sdk.ServiceHttp;

import java.util.List;
import java.util.Map;

/**
 * The four services on a stack of their own, started once for the ITs that walk every endpoint
 * ({@link EveryEndpointFuzzIT}, {@link EveryOperationNeedsATokenIT}) and stopped when the test JVM
 * exits: a start of four processes costs more than either walk's checks. Calls without an explicit
 * token carry an admin token ({@link ServiceHttp#defaultToken()}).
 */
final class FourServices {

    private static LocalPlatform platform;

    private FourServices() {
    }

    static synchronized LocalPlatform running() throws Exception {
        if (platform == null) {
            System.setProperty(ServiceHttp.TOKEN_PROPERTY, Tokens.of(Roles.ADMIN));
            LocalPlatform started = LocalPlatform.start(List.of(Service.REGISTRY, Service.FEATURE_STORE,
                    Service.INFERENCE, Service.MONITOR), "_fuzz", Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "four-services-stop"));
            platform = started;
        }
        return platform;
    }
}
