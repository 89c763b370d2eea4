package org.lxcri4j.runtime.os;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.protocol.CreateMessage;

/**
 * Create's side of the create socket, which lxcri4j-start connects to: its lines are
 * {@link CreateMessage}s. A Unix socket, not a fifo or a signal, because plain NIO serves it: create
 * needs no native call at all, and every wait is for an event, with a deadline, that ends as soon
 * as lxcri4j-start is gone.
 */
public final class CreateChannel implements AutoCloseable {

    /** sun_path's size less its NUL. */
    private static final int MAX_PATH = 107;
    private static final long POLL_MS = 20;

    private final Path path;
    private final @Nullable Path tempDir;
    private final ServerSocketChannel server;
    private final Selector selector;
    private @Nullable SocketChannel peer;
    private final ByteBuffer buffer = ByteBuffer.allocate(4096);
    private final StringBuilder pending = new StringBuilder();

    private CreateChannel(Path path, @Nullable Path tempDir, ServerSocketChannel server, Selector selector) {
        this.path = path;
        this.tempDir = tempDir;
        this.server = server;
        this.selector = selector;
    }

    /** Listens at {@code preferred}, or in a private temporary directory when that path is too long for a socket. */
    public static CreateChannel listen(Path preferred) throws IOException {
        Path path = preferred;
        Path temp = null;
        if (preferred.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH) {
            temp = Files.createTempDirectory("lxcri4j-create-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            path = temp.resolve("s");
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            server.configureBlocking(false);
            Selector selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            return new CreateChannel(path, temp, server, selector);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Where lxcri4j-start connects. */
    public Path path() {
        return path;
    }

    /** Waits for lxcri4j-start to connect: it has made the box's fifos then. */
    public void accept(Duration timeout, BooleanSupplier peerAlive, String peerName) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (peer == null) {
            SocketChannel c = server.accept();
            if (c != null) {
                c.configureBlocking(false);
                c.register(selector, SelectionKey.OP_READ);
                peer = c;
                return;
            }
            await(deadline, timeout, peerAlive, peerName);
        }
    }

    /** The next line lxcri4j-start sends, or null when it has closed the socket (exited). */
    public @Nullable String receive(Duration timeout, BooleanSupplier peerAlive, String peerName) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            int nl = pending.indexOf("\n");
            if (nl >= 0) {
                String line = pending.substring(0, nl);
                pending.delete(0, nl + 1);
                return line;
            }
            buffer.clear();
            int n = peer.read(buffer);
            if (n < 0) {
                return null;
            }
            if (n > 0) {
                pending.append(new String(buffer.array(), 0, n, StandardCharsets.UTF_8));
                continue;
            }
            await(deadline, timeout, peerAlive, peerName);
        }
    }

    /** Sends {@code message}; a peer that is gone shows at the next {@link #receive}. */
    public void send(CreateMessage message) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((message.word + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            if (peer.write(out) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    private void await(long deadline, Duration timeout, BooleanSupplier peerAlive, String peerName) throws IOException {
        selector.select(POLL_MS);
        selector.selectedKeys().clear();
        if (System.nanoTime() > deadline) {
            throw new OciException(peerName + " did not answer within " + timeout.toSeconds() + "s");
        }
        if (peer == null && !peerAlive.getAsBoolean()) {
            throw new OciException(peerName + " exited");
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
            if (peer != null) {
                peer.close();
            }
            server.close();
            Files.deleteIfExists(path);
            if (tempDir != null) {
                Files.deleteIfExists(tempDir);
            }
        } catch (IOException e) {
            // the runtime directory goes with the container; a temporary one is empty
        }
    }
}
