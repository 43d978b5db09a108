/**
 * The scenario format of {@code replay} (recorded, simulated or a stored case exported from its order page), its run
 * through the supervision engine ({@code ReplayRunner}, the engine's offline entry point), what-if conditions, and the
 * scorer of alarm quality against labelled truth.
 */
package org.alterna.simulation.replay;
