/**
 * Performance before labels: confidence-based performance estimation (CBPE, as NannyML describes it) —
 * the expected accuracy of a window from its predictions' confidences, calibrated on the version's
 * validation reliability table.
 */
package io.rtml.monitor.performance;
