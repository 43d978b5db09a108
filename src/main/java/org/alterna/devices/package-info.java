/** The device registry: trackers and ankle tags, their model profiles and assignment to orders. */

package org.alterna.devices;
