package io.rtml.inference.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Loads pinned models at start and keeps trying until they are in, so readiness can turn green. */
@ApplicationScoped
public class PinnedModelLoader {

    private final ModelManager models;

    public PinnedModelLoader(ModelManager models) {
        this.models = models;
    }

    @Scheduled(every = "10s", delay = 1, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> loadPinned() {
        return models.pinnedReady() ? Uni.createFrom().voidItem() : models.loadPinned();
    }
}
