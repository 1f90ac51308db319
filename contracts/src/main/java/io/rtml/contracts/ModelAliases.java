package io.rtml.contracts;

/**
 * The registry's alias names every service agrees on: the version the champion alias points at serves
 * a model's traffic; a route's challenger serves a shadow copy or a canary share of it.
 */
public final class ModelAliases {

    public static final String CHAMPION = "champion";
    public static final String CHALLENGER = "challenger";

    private ModelAliases() {
    }
}
