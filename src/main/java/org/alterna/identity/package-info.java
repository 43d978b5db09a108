/** Accounts, roles and scopes: who may see and do what, deny by default. */

package org.alterna.identity;
