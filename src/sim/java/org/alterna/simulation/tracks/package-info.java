/**
 * Labelled, realistic tracks of people under measure around Lima (routines, GPS noise, real breaches), in a standard
 * and a harsh profile (harsher homes, cheaper tags, the home's beacon or RF unit), for measuring alarm quality and for
 * the simulated fleet.
 */
package org.alterna.simulation.tracks;
