/**
 * Durable storage of fixes (group commits, deduplicated, monthly partitions on PostgreSQL), the latest state of each
 * device, and retention.
 */

package org.alterna.telemetry;
