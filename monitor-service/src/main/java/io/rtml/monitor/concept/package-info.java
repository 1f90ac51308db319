/**
 * Sequential change detectors for concept drift, fed with a model version's labelled error stream (1 for
 * a wrong prediction, 0 for a right one) as labels are joined: Page–Hinkley, ADWIN and HDDM_A, written
 * here from their papers (MOA's implementations are GPL and are not used).
 */
package io.rtml.monitor.concept;
