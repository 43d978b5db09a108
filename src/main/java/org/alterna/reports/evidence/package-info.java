/**
 * Evidence packages: a case's data as CSV and JSON files with a row-chained hash per row, a manifest of every file's
 * SHA-256 signed with the installation's Ed25519 key, and the verifier that names the file, row or key that is wrong.
 */

package org.alterna.reports.evidence;
