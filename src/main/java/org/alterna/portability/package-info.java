/**
 * Vendor-neutral export and import of a whole installation (every case, position, alarm and the audit trail) in a
 * documented, versioned, signed format, and the column encoding shared with evidence packages.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"audit", "common", "identity"})
package org.alterna.portability;
