/** Judicial orders (the aggregate root), their conditions and variations, the people under measure, courts and penal centres. */

package org.alterna.orders;
