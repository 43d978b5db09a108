/**
 * Simulated fleets of tags worn by synthetic people in Lima, speaking real tracker protocols over real sockets
 * ({@code simulate}, the load benchmark), and demo mode: the server filled through its own REST API, its own fleet
 * on loopback, and people who breach their order in turn so that alarms reach the desk within minutes; the synthetic
 * prison register ({@code synthetic-register}).
 */
package org.alterna.simulation.fleet;
