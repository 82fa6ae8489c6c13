package dev.bursar.runtime.api;

import dev.bursar.runtime.security.CurrentUser;
import dev.bursar.runtime.store.AddressBookStore;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.binding.Contact;
import dev.bursar.wallet.value.EvmAddress;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * The caller's own address book: named recipients their agents may pay when the caller names them in a chat
 * ("send 5 dUSD to alice"). Only the owner reads or changes it; nothing in a chat can.
 */
@Path("/api/address-book")
@Produces(MediaType.APPLICATION_JSON)
public class AddressBookResource {

    @Inject
    AddressBookStore store;

    @Inject
    CurrentUser user;

    /** One contact as the API shows it. */
    public record ContactView(String name, String address) {
    }

    /** The body of a PUT: the contact's EVM address (checksummed or single-case). */
    public record ContactRequest(String address) {
    }

    @GET
    public List<ContactView> list() {
        return store.of(user.get().id()).contacts().stream().map(c -> new ContactView(c.name(), c.address().value())).toList();
    }

    @PUT
    @Path("{name}")
    public ContactView put(@PathParam("name") String name, ContactRequest body) {
        if (body == null || body.address() == null) {
            throw new InvalidInputException("a contact needs an address: {\"address\": \"0x...\"}");
        }
        Contact contact = new Contact(name, EvmAddress.of(body.address()));
        store.save(user.get().id(), contact);
        return new ContactView(contact.name(), contact.address().value());
    }

    @DELETE
    @Path("{name}")
    public void delete(@PathParam("name") String name) {
        if (!store.remove(user.get().id(), name)) {
            throw new NotFoundException("no contact named '" + name + "' in your address book");
        }
    }
}
