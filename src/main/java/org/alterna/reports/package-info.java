/** Court reports, incident reports and figures derived from the other capabilities. */

package org.alterna.reports;
