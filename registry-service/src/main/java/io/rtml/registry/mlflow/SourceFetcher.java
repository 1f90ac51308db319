package io.rtml.registry.mlflow;

import io.rtml.common.rest.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Fetches the artifact an MLflow {@code model-versions/create} names as its {@code source}: an http or
 * https URL the registry downloads (no credentials of the registry's are sent). Anything else (a
 * {@code runs:/} or {@code s3://} URI) is a 400: the registry keeps artifacts itself and cannot read
 * another MLflow server's store.
 */
@ApplicationScoped
public class SourceFetcher {

    private static final Set<String> SCHEMES = Set.of("http", "https");
    private static final long TIMEOUT_MS = 120_000;

    private final WebClient http;

    public SourceFetcher(Vertx vertx) {
        this.http = WebClient.create(vertx, new WebClientOptions().setUserAgent("rtml-registry-mlflow"));
    }

    public Uni<byte[]> fetch(String source) {
        URI uri;
        try {
            uri = new URI(source);
        } catch (Exception e) {
            throw ApiException.badRequest("source is not a valid URI: " + source);
        }
        if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
            throw ApiException.badRequest("source must be an http or https URL of the model file for the registry to"
                    + " fetch, not '" + source + "'");
        }
        return http.getAbs(source).timeout(TIMEOUT_MS).send()
                .onFailure().transform(e -> ApiException.badRequest("source " + source + " could not be fetched: "
                        + e.getMessage()))
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw ApiException.badRequest("source " + source + " answered " + response.statusCode());
                    }
                    return response.body() == null ? new byte[0] : response.body().getBytes();
                });
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
