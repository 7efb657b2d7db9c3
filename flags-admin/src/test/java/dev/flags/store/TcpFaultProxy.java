package dev.flags.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy between an instance and its database or Redis that a test controls, to
 * inject the faults of a real network: {@link #cut()} closes every connection and refuses new ones
 * (a server that went away), {@link #halfOpen()} keeps connections open but lets no byte through in
 * either direction (a partition: no reset, the peer just goes silent), {@link #delay(Duration)}
 * holds every chunk back, and {@link #restore()} lets traffic flow again.
 *
 * <p>Blocking sockets and two threads per connection: a test proxies a handful of connections.
 */
public final class TcpFaultProxy implements AutoCloseable {

    private enum Mode {
        FLOWING,
        CUT,
        HALF_OPEN
    }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private volatile Mode mode = Mode.FLOWING;
    private volatile long delayNanos;
    private volatile boolean closed;

    private TcpFaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fault-proxy " + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy to a server.
     *
     * @param targetHost the server's host
     * @param targetPort the server's port
     * @return the proxy, listening on a free loopback port
     */
    public static TcpFaultProxy to(String targetHost, int targetPort) {
        try {
            return new TcpFaultProxy(targetHost, targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open a proxy port", e);
        }
    }

    /** The loopback port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** How many client connections the proxy accepted so far, refused ones included. */
    public long connections() {
        return accepted.get();
    }

    /** Closes every connection and refuses (closes at once) new ones until {@link #restore()}. */
    public void cut() {
        mode = Mode.CUT;
        closeAll();
    }

    /** Keeps connections open but forwards nothing, either way, until {@link #restore()}. */
    public void halfOpen() {
        mode = Mode.HALF_OPEN;
    }

    /** Holds every forwarded chunk back by this much (zero for none). */
    public void delay(Duration delay) {
        delayNanos = delay.toNanos();
    }

    /**
     * Lets traffic flow again. Connections that were held half-open are closed, as their peers
     * have given up on them by then; new connections go through.
     */
    public void restore() {
        Mode before = mode;
        mode = Mode.FLOWING;
        delayNanos = 0;
        if (before == Mode.HALF_OPEN) {
            closeAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        closeAll();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (mode == Mode.CUT) {
                quietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                quietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            while (mode == Mode.HALF_OPEN && !from.isClosed()) {
                                Thread.sleep(5); // silent: the bytes wait, the peer hears nothing
                            }
                            long delay = delayNanos;
                            if (delay > 0) {
                                Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
                            }
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // the connection ended, on either side or by a fault
                    } finally {
                        quietly(from);
                        quietly(to);
                        sockets.remove(from);
                        sockets.remove(to);
                    }
                },
                "fault-proxy pump " + from.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    private void closeAll() {
        for (Socket socket : sockets) {
            quietly(socket);
        }
        sockets.clear();
    }

    private static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
