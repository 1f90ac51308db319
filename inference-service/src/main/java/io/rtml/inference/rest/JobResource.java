package io.rtml.inference.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.rtml.common.rest.ApiException;
import io.rtml.common.security.Caller;
import io.rtml.contracts.security.Roles;
import io.rtml.inference.config.JobsConfig;
import io.rtml.inference.repository.JobRepository;
import io.rtml.inference.repository.ScoringJob;
import io.rtml.inference.security.TenantAccess;
import io.rtml.inference.service.JobSubmission;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Bulk scoring jobs: submit a keys file (streamed, one key per line) or a small JSON list, watch its
 * progress, list, cancel. Blocking: an upload is read on a worker thread as it arrives.
 */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class JobResource {

    private final JobSubmission submission;
    private final JobRepository jobs;
    private final JobsConfig config;
    private final TenantAccess tenants;
    private final SecurityIdentity identity;

    public JobResource(JobSubmission submission, JobRepository jobs, JobsConfig config, TenantAccess tenants,
                       SecurityIdentity identity) {
        this.submission = submission;
        this.jobs = jobs;
        this.config = config;
        this.tenants = tenants;
        this.identity = identity;
    }

    /**
     * The tenant a job is for: a tenant token's own, else the one asked for. A job for a tenant is scored as that
     * tenant's predict calls are (the alias it follows), so one that does not subscribe to the model is refused
     * here (403) rather than failing chunk by chunk; an unknown tenant is left to the submission's 404.
     */
    private String tenantFor(String model, String asked) {
        Caller caller = Caller.of(identity);
        String tenant = caller.tenantOr(asked);
        if (model != null && tenant != null && !tenant.isBlank()) {
            try {
                tenants.followedAlias(tenant, model).await().atMost(Duration.ofSeconds(15));
            } catch (ApiException e) {
                if (e.status() != 404 || caller.tenantScoped()) {
                    throw e;
                }
            }
        }
        return tenant;
    }

    /** The job, when this caller may see it: a tenant token sees only its own tenant's jobs (403 for any other). */
    private ScoringJob visible(String id) throws Exception {
        ScoringJob job = find(id);
        Caller caller = Caller.of(identity);
        if (caller.tenantScoped() && !caller.ownTenant().equals(job.tenant())) {
            throw ApiException.forbidden("Job " + id + " is not one of tenant '" + caller.ownTenant() + "'");
        }
        return job;
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public Response submitKeysFile(@QueryParam("model") String model, @QueryParam("tenant") String tenant,
                                   InputStream keysFile, @Context UriInfo uri) throws Exception {
        return created(submission.submit(model, tenantFor(model, tenant), keysFile), uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public Response submitKeyList(JobRequest request, @Context UriInfo uri) throws Exception {
        if (request == null || request.entityKeys() == null) {
            throw ApiException.badRequest("entityKeys is required: a list of entity keys");
        }
        return created(submission.submit(request.model(), tenantFor(request.model(), request.tenant()),
                request.entityKeys()), uri);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public JobView get(@PathParam("id") String id) throws Exception {
        return JobView.of(visible(id), Instant.now());
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public JobPage list(@QueryParam("page") @DefaultValue("0") int page,
                        @QueryParam("size") @DefaultValue("20") int size) throws Exception {
        if (page < 0 || size < 1 || size > config.maxPageSize()) {
            throw ApiException.badRequest("page must be 0 or more and size between 1 and " + config.maxPageSize());
        }
        Instant now = Instant.now();
        Caller caller = Caller.of(identity);
        String tenant = caller.tenantScoped() ? caller.ownTenant() : null;
        return new JobPage(page, size, jobs.page(tenant, page, size).stream().map(j -> JobView.of(j, now)).toList());
    }

    /** Cancels a queued or running job: no chunk is scored after this; chunks already being scored still count. */
    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_SCIENTIST, Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
    public JobView cancel(@PathParam("id") String id) throws Exception {
        ScoringJob job = visible(id);
        if (!jobs.cancel(job.id())) {
            throw ApiException.conflict("Job " + id + " has already ended (" + job.state() + ")", null);
        }
        return JobView.of(find(id), Instant.now());
    }

    private ScoringJob find(String id) throws Exception {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("No job " + id);
        }
        return jobs.find(uuid).orElseThrow(() -> ApiException.notFound("No job " + id));
    }

    private static Response created(ScoringJob job, UriInfo uri) {
        return Response.created(uri.getBaseUriBuilder().path("api/v1/jobs").path(job.id().toString()).build())
                .entity(JobView.of(job, Instant.now())).build();
    }

    /** The JSON form of a submission, for key lists small enough to send in one body. */
    public record JobRequest(String model, String tenant, List<String> entityKeys) {
    }

    /** One page of jobs, newest first. */
    public record JobPage(int page, int size, List<JobView> items) {
    }
}
