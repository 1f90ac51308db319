package io.rtml.contracts.security;

import java.util.List;

/**
 * The roles an rtml bearer token can carry in its {@code groups} claim, and the claim that names a
 * tenant. Every service checks these names, the launcher mints tokens with them and the chart's
 * operators map their identity provider's groups onto them, so they live once, here.
 */
public final class Roles {

    /** Tenants, subscriptions and everything else. */
    public static final String ADMIN = "admin";
    /** Registers models and versions, defines features, reads everything. */
    public static final String DATA_SCIENTIST = "data-scientist";
    /** Moves aliases, rolls back, archives, keeps alert rules. */
    public static final String OPERATOR = "operator";
    /** One client account: predicts with the models it subscribes to, reads only what is its own. */
    public static final String TENANT = "tenant";
    /** The platform's own calls between services, and the monitor's rollback action. */
    public static final String SERVICE = "service";

    /** Every role, in the order the READMEs list them. */
    public static final List<String> ALL = List.of(ADMIN, DATA_SCIENTIST, OPERATOR, TENANT, SERVICE);

    /** The token claim holding a tenant token's tenant id. */
    public static final String TENANT_CLAIM = "tenant";

    /** The audience every rtml token carries unless the operator configures another. */
    public static final String DEFAULT_AUDIENCE = "rtml";

    private Roles() {
    }
}
