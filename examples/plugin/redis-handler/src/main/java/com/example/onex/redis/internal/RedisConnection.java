package com.example.onex.redis.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One TCP connection to Redis speaking RESP2: a command is written as an array of bulk strings and
 * its one reply read back. Not thread-safe; the pool hands a connection to one caller at a time.
 *
 * <p>Every read is bounded: each waits at most until the call's deadline (the socket's read
 * timeout is set to what is left before every read), a status, error or length line is at most
 * {@value #MAX_LINE} bytes, and a bulk string at most {@code maxBulkBytes}. A reply outside those
 * bounds fails the call and the connection is closed, never read on. Writes are not timed by the
 * JDK's sockets; they are bounded in size (a value is at most {@code max_value_bytes}) and the host
 * interrupts a call past its timeout, which closes a virtual thread's socket.
 */
final class RedisConnection implements AutoCloseable {

    static final int MAX_LINE = 4096;
    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int maxBulkBytes;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private boolean written;

    private RedisConnection(Socket socket, int maxBulkBytes) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.maxBulkBytes = maxBulkBytes;
    }

    /**
     * Opens a connection to {@code host:port}, waiting at most until {@code deadlineNanos}.
     *
     * @throws SocketTimeoutException when the connection is not made in time
     * @throws IOException            when it is refused or cannot be made
     */
    static RedisConnection open(String host, int port, long deadlineNanos, int maxBulkBytes) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), remainingMillis(deadlineNanos));
            return new RedisConnection(socket, maxBulkBytes);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends one command and reads its reply, all before {@code deadlineNanos}.
     *
     * @param arguments the command and its arguments, e.g. {@code SET k v EX 60}; written as UTF-8
     * @throws SocketTimeoutException when the reply is not complete in time
     * @throws RespException          when the reply is malformed or too large
     * @throws IOException            when the connection fails
     */
    Reply call(long deadlineNanos, List<String> arguments) throws IOException {
        written = false;
        ByteArrayOutputStream command = new ByteArrayOutputStream(64);
        command.writeBytes(("*" + arguments.size()).getBytes(StandardCharsets.US_ASCII));
        command.writeBytes(CRLF);
        for (String argument : arguments) {
            byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
            command.writeBytes(("$" + bytes.length).getBytes(StandardCharsets.US_ASCII));
            command.writeBytes(CRLF);
            command.writeBytes(bytes);
            command.writeBytes(CRLF);
        }
        remainingMillis(deadlineNanos); // fails before writing when the time is already up
        written = true;
        out.write(command.toByteArray());
        out.flush();
        return read(deadlineNanos);
    }

    /** Returns whether the last {@link #call} wrote its command: after that, Redis may have run it. */
    boolean commandWritten() {
        return written;
    }

    private Reply read(long deadlineNanos) throws IOException {
        int kind = next(deadlineNanos);
        String line = line(deadlineNanos);
        return switch (kind) {
            case '+' -> new Reply.Status(line);
            case '-' -> Reply.Error.of(line);
            case ':' -> new Reply.Int(number(line));
            case '$' -> bulk(number(line), deadlineNanos);
            default -> throw new RespException("the server sent a reply of a kind this client does not read ('"
                    + (kind >= 0x20 && kind < 0x7f ? Character.toString(kind) : "0x" + Integer.toHexString(kind)) + "')",
                    false);
        };
    }

    private Reply bulk(long length, long deadlineNanos) throws IOException {
        if (length == -1) {
            return new Reply.Nil();
        }
        if (length < 0) {
            throw new RespException("the server sent a negative length", false);
        }
        if (length > maxBulkBytes) {
            throw new RespException("the value is " + length + " bytes, more than max_value_bytes (" + maxBulkBytes
                    + ")", true);
        }
        byte[] bytes = new byte[(int) length];
        for (int filled = 0; filled < bytes.length; ) {
            if (position == limit) {
                fill(deadlineNanos);
            }
            int n = Math.min(limit - position, bytes.length - filled);
            System.arraycopy(buffer, position, bytes, filled, n);
            position += n;
            filled += n;
        }
        if (next(deadlineNanos) != '\r' || next(deadlineNanos) != '\n') {
            throw new RespException("a value is not followed by CRLF", false);
        }
        return new Reply.Bulk(bytes);
    }

    /** Reads up to CRLF; the line is short text (a status, an error, a number). */
    private String line(long deadlineNanos) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(32);
        while (true) {
            int b = next(deadlineNanos);
            if (b == '\r') {
                if (next(deadlineNanos) != '\n') {
                    throw new RespException("a line is not ended by CRLF", false);
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE) {
                throw new RespException("a reply line is longer than " + MAX_LINE + " bytes", true);
            }
            line.write(b);
        }
    }

    private static long number(String line) throws RespException {
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new RespException("the server sent a number this client cannot read", false);
        }
    }

    private int next(long deadlineNanos) throws IOException {
        if (position == limit) {
            fill(deadlineNanos);
        }
        return buffer[position++] & 0xff;
    }

    private void fill(long deadlineNanos) throws IOException {
        socket.setSoTimeout(remainingMillis(deadlineNanos));
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        position = 0;
        limit = n;
    }

    /** Returns the milliseconds left until {@code deadlineNanos}, at least 1, or fails when none are. */
    private static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("the call's time is up");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort; the socket is unusable either way.
        }
    }
}
