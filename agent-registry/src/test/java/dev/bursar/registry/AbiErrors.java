package dev.bursar.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Test helper: the error signatures in a devnet contract artifact's ABI, to check a client's error table against. */
public final class AbiErrors {

    private AbiErrors() {
    }

    /** Every {@code error} of {@code contract}'s ABI as a canonical signature, such as {@code NotProvider(uint256,address)}. */
    public static Set<String> of(String contract) {
        try (InputStream in = AbiErrors.class.getResourceAsStream("/solidity/" + contract + ".json")) {
            if (in == null) {
                throw new IllegalStateException(contract + " is not on the test classpath (bursar-devnet's compiled contracts)");
            }
            Set<String> out = new TreeSet<>();
            for (JsonNode entry : new ObjectMapper().readTree(in).get("abi")) {
                if ("error".equals(entry.path("type").asText())) {
                    List<String> types = new ArrayList<>();
                    entry.get("inputs").forEach(i -> types.add(i.get("type").asText()));
                    out.add(entry.get("name").asText() + "(" + String.join(",", types) + ")");
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signatures of {@code errors}. */
    public static Set<String> declared(List<ContractError> errors) {
        return errors.stream().map(ContractError::signature).collect(Collectors.toCollection(TreeSet::new));
    }
}
