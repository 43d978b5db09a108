/** Netty servers speaking real tracker protocols, acknowledging a record only once it is stored. */

package org.alterna.gateway;
