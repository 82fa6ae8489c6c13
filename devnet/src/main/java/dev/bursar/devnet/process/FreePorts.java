package dev.bursar.devnet.process;

import dev.bursar.devnet.DevnetException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks free TCP ports on 127.0.0.1; a caller whose process still finds its port taken asks again.
 */
public final class FreePorts {

    private FreePorts() {
    }

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new DevnetException("no free TCP port on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
