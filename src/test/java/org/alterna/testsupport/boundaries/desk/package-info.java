/** A module that may use {@code records} only; its use of {@code accounts} is the violation the test expects. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "records")
package org.alterna.testsupport.boundaries.desk;
