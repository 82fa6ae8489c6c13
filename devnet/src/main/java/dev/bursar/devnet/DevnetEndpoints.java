package dev.bursar.devnet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bursar.devnet.evm.DevAccount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Everything a client needs to reach a running devnet, as printed by {@code bursar devnet up} and written to its JSON
 * state file. Keys listed here are anvil's public development keys only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DevnetEndpoints(long supervisorPid, String workDir, Evm evm, Lightning lightning, Model model, List<Long> childPids) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The EVM node: JSON-RPC URL, chain id, funded dev accounts and contracts the devnet deployed. */
    public record Evm(String rpcUrl, long chainId, List<DevAccount> accounts, Map<String, String> contracts) {
    }

    /** The Lightning regtest: btcd's RPC and each lnd node's connection details. */
    public record Lightning(String network, String btcdRpcHost, String btcdRpcCert, Map<String, LndEndpoint> nodes) {
    }

    /** One lnd node: gRPC address, TLS certificate and macaroon paths. */
    public record LndEndpoint(String alias, String pubkey, String grpcHost, int grpcPort, int restPort, int p2pPort,
                              String tlsCert, String adminMacaroon, String invoiceMacaroon, String readonlyMacaroon,
                              String lndDir) {
    }

    /** The local model file and its verified SHA-256. */
    public record Model(String path, String sha256) {
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new DevnetException("cannot write the devnet endpoints as JSON: " + e.getMessage(), e);
        }
    }

    /** Writes the endpoints atomically, so a reader never sees half a file. */
    public void writeTo(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, toJson());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DevnetException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static DevnetEndpoints readFrom(Path file) {
        try {
            return JSON.readValue(Files.readString(file), DevnetEndpoints.class);
        } catch (IOException e) {
            throw new DevnetException("cannot read the devnet state " + file + ": " + e.getMessage(), e);
        }
    }
}
