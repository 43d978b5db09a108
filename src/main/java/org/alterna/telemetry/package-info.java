/** Durable storage of fixes and the latest state of each device. */

package org.alterna.telemetry;
