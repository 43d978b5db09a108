/** Simulated fleets of trackers speaking real protocols, for demos and load benchmarks. */

package org.alterna.fleet;
