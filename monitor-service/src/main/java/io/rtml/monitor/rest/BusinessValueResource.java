package io.rtml.monitor.rest;

import io.rtml.common.rest.ApiException;
import io.rtml.contracts.security.Roles;
import io.rtml.monitor.value.BusinessValueReport;
import io.rtml.monitor.value.BusinessValueService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** A model's declared KPI, model vs holdout, with the uplift's 95 % interval. */
@Path("/api/v1/models/{model}/business-value")
@Produces(MediaType.APPLICATION_JSON)
public class BusinessValueResource {

    private static final Duration MAX_WINDOW = Duration.ofDays(30);

    private final BusinessValueService values;

    public BusinessValueResource(BusinessValueService values) {
        this.values = values;
    }

    /**
     * {@code window} (default {@code rtml.monitor.outcomes.window}) and {@code bucket} of the series (default
     * {@code rtml.monitor.outcomes.bucket}) as {@code 90s}, {@code 15m}, {@code 24h}, {@code 7d} or ISO-8601.
     */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public Uni<BusinessValueReport> get(@PathParam("model") String model, @QueryParam("window") String window,
                                        @QueryParam("bucket") String bucket) {
        Duration w = duration("window", window, values.defaultWindow());
        Duration b = duration("bucket", bucket, values.defaultBucket());
        if (w.compareTo(MAX_WINDOW) > 0) {
            throw ApiException.badRequest("window must be at most 30d, not " + window);
        }
        if (w.dividedBy(b) > 1000) {
            throw ApiException.badRequest("window / bucket must be at most 1000 buckets, not " + w.dividedBy(b));
        }
        return values.report(model, w, b);
    }

    private static Duration duration(String name, String text, Duration fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            Duration d = text.matches("[0-9]{1,6}[smhd]")
                    ? Duration.parse((text.endsWith("d") ? "P" : "PT") + text.toUpperCase())
                    : Duration.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw ApiException.badRequest(name + " must be positive, not " + text);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be a duration such as 90s, 15m, 24h, 7d or PT1H, not '" + text + "'");
        }
    }
}
