package io.rtml.common.reactive;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * Blocking work inside a reactive request, answered where the request lives. A Uni that completes on
 * a worker thread hands its item or failure to Quarkus REST on that thread, outside the request's
 * Vert.x context and request scope, where the error mapper can meet a
 * {@code ContextNotActiveException} (seen in {@code ./rtml demo}'s log) and an intended 4xx leaves as a
 * 500. So the result comes back to the Vert.x context that subscribed before anyone sees it.
 */
public final class CallerContext {

    private CallerContext() {
    }

    /** Runs {@code work} on the worker pool; its value or exception is emitted on the caller's context. */
    public static <T> Uni<T> onWorkerPool(Supplier<T> work) {
        return emitOnCaller(Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /**
     * {@code upstream}, with its item or failure emitted on the Vert.x context current at subscription
     * (directly when it already arrives there). Without a Vert.x context (a test, a scheduler thread)
     * nothing changes.
     */
    public static <T> Uni<T> emitOnCaller(Uni<T> upstream) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            if (caller == null) {
                return upstream;
            }
            return upstream.emitOn(task -> {
                if (Vertx.currentContext() == caller) {
                    task.run();
                } else {
                    caller.runOnContext(ignored -> task.run());
                }
            });
        });
    }
}
