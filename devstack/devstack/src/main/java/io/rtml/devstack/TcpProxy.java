package io.rtml.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real TCP forwarder in front of a dependency (PostgreSQL, say) that a test can cut and restore, to see
 * what a service does while the dependency is unreachable and that it recovers by itself afterwards. While
 * cut, open connections are closed and new ones are refused; the dependency itself is never touched, so
 * other tests sharing it are unaffected.
 */
public final class TcpProxy implements AutoCloseable {

    private static final Map<String, TcpProxy> NAMED = new ConcurrentHashMap<>();

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean closed;

    private TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = Ports.freePort();
        listen();
    }

    /** The proxy registered under {@code name}, started on first use in front of {@code host:port}. */
    public static TcpProxy named(String name, String host, int port) {
        return NAMED.computeIfAbsent(name, n -> new TcpProxy(host, port));
    }

    /** The proxy registered under {@code name} by {@link #named(String, String, int)}. */
    public static TcpProxy named(String name) {
        TcpProxy proxy = NAMED.get(name);
        if (proxy == null) {
            throw new IllegalStateException("no proxy named " + name + " was started");
        }
        return proxy;
    }

    public int port() {
        return port;
    }

    /** The dependency becomes unreachable: every open connection is closed and new ones are refused. */
    public synchronized void cut() {
        ServerSocket s = server;
        server = null;
        closeQuietly(s);
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** The dependency is reachable again on the same port. */
    public synchronized void restore() {
        if (server == null && !closed) {
            listen();
        }
    }

    private synchronized void listen() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = s;
            Thread accept = new Thread(() -> accept(s), "tcp-proxy-" + port);
            accept.setDaemon(true);
            accept.start();
        } catch (IOException e) {
            throw new UncheckedIOException("proxy could not listen on " + port, e);
        }
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed by cut(), or the target refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close the other below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pump-" + port);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        cut();
    }
}
