/**
 * Data quality counters of live inputs that the profile does not keep: type mismatches (apart from
 * missing values), the length of text inputs, constant inputs and duplicated input rows.
 */
package io.rtml.monitor.quality;
