package org.alterna.gateway;

/**
 * A registered device was admitted on a TCP connection (commands waiting for it can go now). Published on the
 * connection's event loop: listeners must hand any blocking work to a thread of their own.
 */
public record DeviceOnline(String deviceId, String protocol, String model) {
}
