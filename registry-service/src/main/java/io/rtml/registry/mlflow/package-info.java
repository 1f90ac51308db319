/**
 * The subset of MLflow's Model Registry REST API ({@code /api/2.0/mlflow/...}) that MLflow clients use to
 * register a model, create versions, set aliases and find versions, mapped onto rtml's own models,
 * versions and aliases (the registry README has the mapping table). Wire shapes are MLflow's (snake_case,
 * errors as {@code error_code} and {@code message}); every rule is rtml's own, enforced by the services.
 */
package io.rtml.registry.mlflow;
