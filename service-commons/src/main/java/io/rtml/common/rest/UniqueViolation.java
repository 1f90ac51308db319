package io.rtml.common.rest;

/**
 * Tells a PostgreSQL unique violation (SQLSTATE 23505) anywhere in a failure's causes: two requests
 * creating the same name at once both pass the "does it exist?" check, and the database refuses the
 * second insert. That is a 409 for the caller, never a 500.
 */
public final class UniqueViolation {

    private static final int MAX_CAUSES = 16;

    private UniqueViolation() {
    }

    public static boolean in(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < MAX_CAUSES; t = t.getCause()) {
            if ("23505".equals(DependencyFailure.sqlState(t))) {
                return true;
            }
        }
        return false;
    }
}
