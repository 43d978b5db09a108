/** The supervision engine: turns noisy fixes into alarms a judge can believe. */

package org.alterna.supervision;
