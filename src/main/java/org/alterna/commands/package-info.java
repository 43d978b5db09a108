/**
 * Commands to devices: the persisted queue per device (QUEUED, SENT, CONFIRMED, FAILED, EXPIRED, with retries and
 * every step audited), sent through the gateway when the device is connected or at its next connection; locate-now
 * from the alarm and person views; pursuit mode asked by the supervision engine and restored when the suspicion
 * clears; which commands a model accepts comes from its model profile.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {
    "audit", "common", "devices", "gateway", "gateway :: protocol", "identity", "orders", "supervision"})
package org.alterna.commands;
