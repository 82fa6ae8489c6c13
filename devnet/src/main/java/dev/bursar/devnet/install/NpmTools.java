package dev.bursar.devnet.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pinned npm tools of the devnet (anvil's binary, solcjs, OpenZeppelin contracts, Uniswap V2 and WETH9 artifacts,
 * the x402 v2 reference packages {@code @x402/core|evm|express|fetch} 2.27.0 with viem and express, the A2A 0.3
 * reference SDK {@code @a2a-js/sdk} 0.3.14 and the MCP reference SDK {@code @modelcontextprotocol/sdk} 1.32.2), installed with
 * {@code npm ci} from the package-lock shipped in this jar, so npm verifies every tarball's integrity hash.
 */
public final class NpmTools {

    /** SHA-256 of the anvil 1.7.1 linux-amd64 binary inside {@code @foundry-rs/anvil-linux-amd64@1.7.1}. */
    public static final String ANVIL_SHA256 = "10c1c727d6c1de973aeb160e59875b9a9a23464d6e74149ee8abb30b3500311b";

    private static final String RESOURCE_DIR = "/dev/bursar/devnet/npm/";

    private final NpmProject project;

    private NpmTools(NpmProject project) {
        this.project = project;
    }

    /** Installs the pinned npm tools if they are missing or damaged, and returns them. */
    public static NpmTools ensure(BursarCache cache, PrintStream progress) {
        NpmProject project = NpmProject.ensure(cache, "anvil 1.7.1, solc 0.8.37, @openzeppelin/contracts 5.7.0, Uniswap V2, WETH9, @x402/* 2.27.0, @a2a-js/sdk 0.3.14 and @modelcontextprotocol/sdk 1.32.2",
                resource("package.json"), resource("package-lock.json"), NpmTools::verify, progress);
        return new NpmTools(project);
    }

    public Path anvil() {
        return anvil(project);
    }

    public Path nodeModules() {
        return project.nodeModules();
    }

    /** The solcjs package directory ({@code require}-able by node). */
    public Path solc() {
        return project.nodeModules().resolve("solc");
    }

    private static Path anvil(NpmProject project) {
        return project.nodeModules().resolve("@foundry-rs/anvil-linux-amd64/bin/anvil");
    }

    private static void verify(NpmProject project) {
        Path modules = project.nodeModules();
        if (!Files.isRegularFile(modules.resolve("solc/soljson.js")) || !Files.isDirectory(modules.resolve("@openzeppelin/contracts"))) {
            throw new InstallException("solc or @openzeppelin/contracts is missing from " + modules);
        }
        for (String artifact : new String[] {"canonical-weth/build/contracts/WETH9.json", "@uniswap/v2-core/build/UniswapV2Factory.json",
                "@uniswap/v2-periphery/build/UniswapV2Router02.json", "@x402/core/package.json", "@x402/evm/package.json",
                "@x402/express/package.json", "@x402/fetch/package.json", "viem/package.json", "express/package.json",
                "@a2a-js/sdk/package.json", "@modelcontextprotocol/sdk/package.json"}) {
            if (!Files.isRegularFile(modules.resolve(artifact))) {
                throw new InstallException(artifact + " is missing from " + modules);
            }
        }
        FileDigest.verify(anvil(project), ANVIL_SHA256, "anvil binary from npm @foundry-rs/anvil-linux-amd64@1.7.1");
        if (!anvil(project).toFile().canExecute() && !anvil(project).toFile().setExecutable(true)) {
            throw new InstallException("cannot make " + anvil(project) + " executable");
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = NpmTools.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new InstallException("the devnet jar lacks " + RESOURCE_DIR + name + "; rebuild it with ./bursar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InstallException("cannot read " + RESOURCE_DIR + name + ": " + e.getMessage(), e);
        }
    }
}
