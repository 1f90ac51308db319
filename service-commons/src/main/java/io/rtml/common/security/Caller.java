package io.rtml.common.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, as the verified token says: the subject the audit log records, the roles, and for a
 * tenant token the tenant it speaks for. Built from the request's {@link SecurityIdentity} (REST and
 * gRPC) or from a token read off a stream record, so every path applies the same tenant rule.
 */
public record Caller(String subject, Set<String> roles, Optional<String> tenant) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return new Caller("anonymous", Set.of(), Optional.empty());
        }
        Principal principal = identity.getPrincipal();
        Optional<String> tenant = principal instanceof JsonWebToken jwt ? tenantClaim(jwt) : Optional.empty();
        return new Caller(principal.getName(), identity.getRoles(), tenant);
    }

    public static Caller of(JsonWebToken jwt) {
        return new Caller(jwt.getName(), jwt.getGroups() == null ? Set.of() : jwt.getGroups(), tenantClaim(jwt));
    }

    private static Optional<String> tenantClaim(JsonWebToken jwt) {
        Object claim = jwt.getClaim(Roles.TENANT_CLAIM);
        String text = claim == null ? null : claim.toString().replaceAll("^\"|\"$", "");
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /**
     * A tenant token speaks for one tenant only, whatever else it carries: the restriction wins over
     * any wider role, so a token minted carelessly with both cannot read across tenants.
     */
    public boolean tenantScoped() {
        return roles.contains(Roles.TENANT);
    }

    public boolean hasAnyRole(String... wanted) {
        for (String role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /** The tenant this caller may act for: its token's for a tenant token (a body's claim is ignored), else {@code requested}. */
    public String tenantOr(String requested) {
        return tenantScoped() ? ownTenant() : requested;
    }

    /** 403 unless this caller may see tenant {@code id}'s data: any non-tenant caller, or a tenant token for {@code id}. */
    public void requireTenant(String id) {
        if (tenantScoped() && !ownTenant().equals(id)) {
            throw ApiException.forbidden("A token of tenant '" + ownTenant() + "' may not act for tenant '" + id + "'");
        }
    }

    /** A tenant token's tenant; 403 when a token has the tenant role but no {@value Roles#TENANT_CLAIM} claim. */
    public String ownTenant() {
        return tenant.orElseThrow(() -> ApiException.forbidden(
                "The token has role '" + Roles.TENANT + "' but no '" + Roles.TENANT_CLAIM + "' claim"));
    }
}
