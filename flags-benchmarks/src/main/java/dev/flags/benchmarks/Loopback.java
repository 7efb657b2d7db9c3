package dev.flags.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on 127.0.0.1 that counts every TCP connection made to it and answers any HTTP request
 * with 503. Peers that want a service URL get this one, so a library that tried to reach a
 * network service would show up here instead of on the network.
 */
final class Loopback {

    private static Loopback instance;

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private Loopback() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "loopback-counter");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static synchronized Loopback get() {
        if (instance == null) {
            try {
                instance = new Loopback();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot open the loopback counter", e);
            }
        }
        return instance;
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/";
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                connections.incrementAndGet();
                socket.setSoTimeout(2000);
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                String requestLine = in.readLine();
                requests.add(requestLine == null ? "(no request)" : requestLine);
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) { // a client that hangs up early is still counted; keep accepting
                requests.add("(" + e.getClass().getSimpleName() + ")");
            }
        }
    }
}
