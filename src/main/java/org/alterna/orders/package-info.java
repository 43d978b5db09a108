/**
 * Judicial orders (the aggregate root): their guarded lifecycle, conditions and variations judged "as of" a moment,
 * viability reports, warnings and revocation, and who may see which order; the people under a measure and their
 * victims, courts, judges and INPE's penal establishments (CSV import).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"audit", "common", "identity"})
package org.alterna.orders;
