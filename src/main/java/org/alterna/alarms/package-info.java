/** The alarm desk: lifecycle, SLA timers, protocols, escalation and notifications. */

package org.alterna.alarms;
