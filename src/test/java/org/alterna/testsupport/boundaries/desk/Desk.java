package org.alterna.testsupport.boundaries.desk;

import org.alterna.testsupport.boundaries.accounts.Account;
import org.alterna.testsupport.boundaries.records.Entry;

/** Uses an allowed module ({@code records}) and a forbidden one ({@code accounts}). */
public class Desk {
    public String describe(Entry entry, Account account) {
        return entry.text() + " by " + account.name();
    }
}
