/**
 * Labelled, realistic tracks of people under measure around Lima (routines, GPS noise, real breaches), in a standard
 * and a harsh profile (harsher homes, cheaper tags, the home's beacon or RF unit), for measuring alarm quality and for
 * the simulated fleet.
 */
@org.springframework.modulith.NamedInterface("tracks")
package org.alterna.supervision.tracks;
