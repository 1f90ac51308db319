/**
 * Statistical comparison of a live profile with its training baseline: PSI, binned two-sample
 * Kolmogorov–Smirnov and chi-squared homogeneity tests. Pure functions, no Quarkus.
 */
package io.rtml.monitor.drift;
