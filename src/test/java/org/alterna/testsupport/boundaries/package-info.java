/**
 * A three-module application (desk, records, accounts) whose only flaw is a dependency its module does not declare:
 * it shows that the boundary check fails on a forbidden dependency.
 */
package org.alterna.testsupport.boundaries;
