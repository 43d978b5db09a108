/**
 * Eligibility triage: the prison register, the law as versioned rule sets (DL 1322, DL 1514, DL 1585, Código Penal
 * arts. 29-A and 52-B), who could go home under electronic monitoring and why, and what moving them would do to
 * overcrowding and cost.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"audit", "common", "identity", "orders"})
package org.alterna.eligibility;
