package dev.bursar.runtime.store;

import dev.bursar.wallet.binding.AddressBook;
import dev.bursar.wallet.binding.Contact;

/**
 * Each owner's address book, kept outside any chat: only the owner changes it (REST, UI), and a contact the owner names
 * in a conversation grounds a payment to its address.
 */
public interface AddressBookStore {

    AddressBook of(String owner);

    /** Adds the contact, or changes the address of the owner's contact with that name. */
    void save(String owner, Contact contact);

    /** Removes the owner's contact named {@code name}; false if there was none. */
    boolean remove(String owner, String name);

    /** No contacts for anyone, and none can be added: for programs and tests without a database. */
    AddressBookStore EMPTY = new AddressBookStore() {
        @Override
        public AddressBook of(String owner) {
            return AddressBook.empty();
        }

        @Override
        public void save(String owner, Contact contact) {
            throw new UnsupportedOperationException("this runtime keeps no address books");
        }

        @Override
        public boolean remove(String owner, String name) {
            return false;
        }
    };
}
