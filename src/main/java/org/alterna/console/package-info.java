/** The web console for the monitoring centre, INPE supervisors, judges and prosecutors. */

package org.alterna.console;
