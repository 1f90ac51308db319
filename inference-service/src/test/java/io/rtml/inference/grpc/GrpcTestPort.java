package io.rtml.inference.grpc;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rtml.devstack.Ports;

import java.util.Map;

/**
 * A free port for the gRPC server under test, handed to the test's {@code @GrpcClient("oip")} as
 * well, so test runs side by side never meet on one fixed port.
 */
public class GrpcTestPort implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String port = Integer.toString(Ports.freePort());
        return Map.of("quarkus.grpc.server.test-port", port,
                "quarkus.grpc.clients.oip.host", "127.0.0.1",
                "quarkus.grpc.clients.oip.port", port,
                "quarkus.grpc.clients.oip.test-port", port);
    }

    @Override
    public void stop() {
    }
}
