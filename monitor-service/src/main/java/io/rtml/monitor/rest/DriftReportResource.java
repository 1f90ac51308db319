package io.rtml.monitor.rest;

import io.rtml.common.rest.ApiException;
import io.rtml.contracts.security.Roles;
import io.rtml.monitor.service.BatchDriftService;
import io.rtml.monitor.service.BatchDriftService.Format;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;
import java.util.Locale;

/**
 * A drift report of a batch against a version's baseline (default: the champion), with the live
 * reports' verdict rule: rows as JSON lines ({@code application/x-ndjson}) or CSV ({@code text/csv}),
 * or a ready profile ({@code application/json}, a contracts {@code DatasetProfile}).
 */
@Path("/api/v1/models/{model}/drift-report")
@Produces(MediaType.APPLICATION_JSON)
public class DriftReportResource {

    public static final String JSON_LINES = "application/x-ndjson";
    public static final String JSONL = "application/jsonl";
    public static final String CSV = "text/csv";

    private final BatchDriftService batches;

    public DriftReportResource(BatchDriftService batches) {
        this.batches = batches;
    }

    @POST
    @Blocking
    @Consumes({JSON_LINES, JSONL, CSV, MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE})
    public DriftReport report(@PathParam("model") String model, @QueryParam("version") String version,
                              @QueryParam("falseAlarmsPer30Days") String falseAlarmsPer30Days,
                              @QueryParam("minEffectSize") String minEffectSize,
                              @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        return batches.report(model, version, format(contentType), body, falseAlarmsPer30Days, minEffectSize);
    }

    private static Format format(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case JSON_LINES, JSONL -> Format.JSON_LINES;
            case CSV -> Format.CSV;
            case MediaType.APPLICATION_JSON -> Format.PROFILE;
            default -> throw new ApiException(415, "Send rows as " + JSON_LINES + " or " + CSV
                    + ", or a profile as application/json; got '" + contentType + "'");
        };
    }
}
