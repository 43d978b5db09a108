/**
 * Labelled, realistic tracks of people under measure around Lima (routines, GPS noise, real breaches) for measuring
 * alarm quality and for the simulated fleet.
 */
@org.springframework.modulith.NamedInterface("tracks")
package org.alterna.supervision.tracks;
