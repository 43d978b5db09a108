/**
 * Reserved for court reports derived from the other capabilities; it holds no code yet (incident reports and the
 * desk's figures are in {@code alarms}, the compliance summary is drawn by the console from the orders and alarms APIs).
 */

package org.alterna.reports;
