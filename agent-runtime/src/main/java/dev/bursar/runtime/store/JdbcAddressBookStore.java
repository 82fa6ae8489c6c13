package dev.bursar.runtime.store;

import dev.bursar.wallet.binding.AddressBook;
import dev.bursar.wallet.binding.Contact;
import dev.bursar.wallet.value.EvmAddress;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** {@link AddressBookStore} on the runtime's database (table {@code address_book}), ordered by name. */
public final class JdbcAddressBookStore implements AddressBookStore {

    private final DataSource dataSource;

    public JdbcAddressBookStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public AddressBook of(String owner) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT name, address FROM address_book WHERE owner = ? ORDER BY name_key")) {
            q.setString(1, owner);
            List<Contact> contacts = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    contacts.add(new Contact(rs.getString(1), EvmAddress.of(rs.getString(2))));
                }
            }
            return new AddressBook(contacts);
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the address book of " + owner + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(String owner, Contact contact) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE address_book SET name = ?, address = ?, updated_at = ? WHERE owner = ? AND name_key = ?")) {
                u.setString(1, contact.name());
                u.setString(2, contact.address().value());
                u.setObject(3, JdbcUserStore.now());
                u.setString(4, owner);
                u.setString(5, contact.key());
                if (u.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement i = c.prepareStatement(
                    "INSERT INTO address_book (owner, name_key, name, address, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                i.setString(1, owner);
                i.setString(2, contact.key());
                i.setString(3, contact.name());
                i.setString(4, contact.address().value());
                i.setObject(5, JdbcUserStore.now());
                i.executeUpdate();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot save contact '" + contact.name() + "' of " + owner + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean remove(String owner, String name) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement d = c.prepareStatement("DELETE FROM address_book WHERE owner = ? AND name_key = ?")) {
            d.setString(1, owner);
            d.setString(2, name.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " "));
            return d.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DatabaseException("cannot remove contact '" + name + "' of " + owner + ": " + e.getMessage(), e);
        }
    }
}
