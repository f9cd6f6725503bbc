package io.snapledger.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * One QMP connection to a running QEMU over its unix socket ({@code -qmp unix:PATH,server=on}).
 *
 * <p>A reader thread reads every message QEMU sends, in order: replies complete the command
 * whose {@code id} they carry, events go to a queue. So an event QEMU emits while a command is in
 * flight (a job's {@code JOB_STATUS_CHANGE} arrives before {@code job-dismiss}'s reply, a
 * {@code MIGRATION} event before {@code migrate}'s) is kept for a later {@link #awaitEvent}.
 * The queue holds events since the connection was made, oldest first, at most
 * {@value #EVENT_LIMIT} (the oldest are dropped beyond that); {@link #awaitEvent} removes the
 * event it returns.
 *
 * <p>Thread safety: commands may be sent from several threads (writes are serialised and replies
 * matched by id), but two threads waiting for the same kind of event would steal each other's
 * events. snapledger drives one VM from one thread at a time, which is the intended use.
 *
 * <p>Every wait has a timeout. When QEMU closes the connection (quits, crashes, is killed) every
 * command in flight and every event wait fails at once with {@link QemuGoneException}.
 *
 * <p>QEMU serves one client per {@code -qmp} socket: a second client's connect succeeds but no
 * greeting comes until the first leaves; {@link #connect} reports that as a timeout naming the
 * likely cause. Give each client (product, test, recovery tool) its own socket.
 */
public final class QmpClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int EVENT_LIMIT = 10_000;
    private static final long RETRY_MILLIS = 20;

    private final ObjectMapper json = new ObjectMapper();
    private final Path socket;
    private final SocketChannel channel;
    private final Duration commandTimeout;
    private final Object writeLock = new Object();
    private final AtomicLong nextId = new AtomicLong();
    private final Map<String, CompletableFuture<JsonNode>> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<JsonNode> greeting = new CompletableFuture<>();
    private final ReentrantLock eventLock = new ReentrantLock();
    private final Condition eventArrived = eventLock.newCondition();
    private final ArrayDeque<QmpEvent> events = new ArrayDeque<>();
    private final Thread reader;
    private volatile QemuGoneException gone;

    private QmpClient(Path socket, SocketChannel channel, Duration commandTimeout) {
        this.socket = socket;
        this.channel = channel;
        this.commandTimeout = commandTimeout;
        this.reader = new Thread(this::readLoop, "qmp-reader " + socket.getFileName());
        this.reader.setDaemon(true);
    }

    /**
     * Connects to {@code socket}, retrying until it accepts (QEMU creates it a moment after it
     * starts), reads the greeting and leaves capabilities negotiation mode.
     *
     * @param timeout for the whole handshake; also the default timeout of every later command
     */
    public static QmpClient connect(Path socket, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SocketChannel channel = openWithRetry(socket, deadline, timeout);
        QmpClient client = new QmpClient(socket, channel, timeout);
        try {
            client.reader.start();
            client.awaitGreeting(deadline, timeout);
            client.execute("qmp_capabilities", (ObjectNode) null, remaining(deadline));
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public static QmpClient connect(Path socket) {
        return connect(socket, DEFAULT_TIMEOUT);
    }

    private static SocketChannel openWithRetry(Path socket, long deadline, Duration timeout) {
        IOException last;
        do {
            try {
                return SocketChannel.open(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                last = e; // not created yet, or QEMU not listening yet
            }
            pause(RETRY_MILLIS);
        } while (System.nanoTime() < deadline);
        throw new QmpTimeoutException("cannot connect to QMP socket " + socket + " within " + timeout + ": " + last);
    }

    private void awaitGreeting(long deadline, Duration timeout) {
        try {
            greeting.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new QmpTimeoutException("no QMP greeting on " + socket + " within " + timeout
                    + ": another client probably holds this socket (QEMU serves one client per -qmp socket)");
        } catch (ExecutionException e) {
            throw new QemuGoneException("QEMU closed " + socket + " before its greeting", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("Interrupted", "interrupted", "interrupted while connecting to " + socket, e);
        }
    }

    /** QEMU's greeting: {@code {"QMP": {"version": ..., "capabilities": [...]}}}. */
    public JsonNode greeting() {
        return greeting.getNow(null);
    }

    /** "7.2.22" and the like, from the greeting. */
    public String qemuVersion() {
        JsonNode v = greeting().path("QMP").path("version").path("qemu");
        return v.path("major").asInt() + "." + v.path("minor").asInt() + "." + v.path("micro").asInt();
    }

    public Path socket() {
        return socket;
    }

    public ObjectMapper json() {
        return json;
    }

    /** A new empty arguments object. */
    public ObjectNode arguments() {
        return json.createObjectNode();
    }

    public boolean isConnected() {
        return gone == null;
    }

    public JsonNode execute(String command) {
        return execute(command, (ObjectNode) null, commandTimeout);
    }

    public JsonNode execute(String command, Map<String, ?> arguments) {
        return execute(command, arguments == null ? null : (ObjectNode) json.valueToTree(arguments), commandTimeout);
    }

    public JsonNode execute(String command, ObjectNode arguments) {
        return execute(command, arguments, commandTimeout);
    }

    /**
     * Sends {@code command} and waits for its reply.
     *
     * @return the reply's {@code return} value (an empty object for most commands)
     * @throws QmpException QEMU refused the command; its {@code class} and {@code desc}
     * @throws QemuGoneException the connection ended before the reply
     * @throws QmpTimeoutException no reply within {@code timeout}; the command may still run
     */
    public JsonNode execute(String command, ObjectNode arguments, Duration timeout) {
        QemuGoneException ended = gone;
        if (ended != null) {
            throw new QemuGoneException(command + ": " + ended.getMessage(), ended);
        }
        String id = "sl-" + nextId.incrementAndGet();
        ObjectNode message = json.createObjectNode().put("execute", command).put("id", id);
        if (arguments != null) {
            message.set("arguments", arguments);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        inFlight.put(id, reply);
        try {
            send(message);
            JsonNode answer = reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            JsonNode error = answer.get("error");
            if (error != null) {
                String errorClass = error.path("class").asText();
                String desc = error.path("desc").asText();
                throw new QmpException(errorClass, desc, command + ": " + desc + " [" + errorClass + "]");
            }
            return answer.has("return") ? answer.get("return") : json.createObjectNode();
        } catch (TimeoutException e) {
            throw new QmpTimeoutException("no reply to " + command + " within " + timeout + " on " + socket);
        } catch (ExecutionException e) {
            throw new QemuGoneException(command + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("Interrupted", "interrupted", "interrupted while waiting for " + command, e);
        } finally {
            inFlight.remove(id);
        }
    }

    private void send(ObjectNode message) {
        byte[] bytes;
        try {
            bytes = (json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new QmpException("Encoding", e.getMessage(), "cannot encode QMP message", e);
        }
        synchronized (writeLock) {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                QemuGoneException ended = connectionEnded("cannot write to " + socket + ": " + e.getMessage(), e);
                throw ended;
            }
        }
    }

    /**
     * Removes and returns the oldest queued event that {@code matches}, waiting for one up to
     * {@code timeout}.
     *
     * @throws QmpTimeoutException none came in time
     * @throws QemuGoneException the connection ended and no queued event matches
     */
    public QmpEvent awaitEvent(Predicate<QmpEvent> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        eventLock.lock();
        try {
            while (true) {
                QmpEvent found = removeFirst(matches);
                if (found != null) {
                    return found;
                }
                QemuGoneException ended = gone;
                if (ended != null) {
                    throw new QemuGoneException("waiting for an event: " + ended.getMessage(), ended);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new QmpTimeoutException("no matching QMP event within " + timeout + " on " + socket);
                }
                eventArrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("Interrupted", "interrupted", "interrupted while waiting for an event", e);
        } finally {
            eventLock.unlock();
        }
    }

    /** Removes and returns the oldest queued event that {@code matches}, without waiting. */
    public Optional<QmpEvent> pollEvent(Predicate<QmpEvent> matches) {
        eventLock.lock();
        try {
            return Optional.ofNullable(removeFirst(matches));
        } finally {
            eventLock.unlock();
        }
    }

    /** Drops every queued event that {@code matches}; returns how many. */
    public int discardEvents(Predicate<QmpEvent> matches) {
        eventLock.lock();
        try {
            int before = events.size();
            events.removeIf(matches);
            return before - events.size();
        } finally {
            eventLock.unlock();
        }
    }

    /** The queued events, oldest first (a copy). */
    public List<QmpEvent> queuedEvents() {
        eventLock.lock();
        try {
            return new ArrayList<>(events);
        } finally {
            eventLock.unlock();
        }
    }

    private QmpEvent removeFirst(Predicate<QmpEvent> matches) {
        for (Iterator<QmpEvent> it = events.iterator(); it.hasNext(); ) {
            QmpEvent e = it.next();
            if (matches.test(e)) {
                it.remove();
                return e;
            }
        }
        return null;
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    dispatch(json.readTree(line));
                }
            }
            connectionEnded("QEMU closed the QMP connection " + socket + " (quit, crashed or killed)", null);
        } catch (IOException | RuntimeException e) {
            connectionEnded(gone != null ? gone.getMessage()
                    : "QMP connection " + socket + " lost: " + e, e);
        }
    }

    private void dispatch(JsonNode message) {
        if (message.has("QMP")) {
            greeting.complete(message);
        } else if (message.has("event")) {
            JsonNode ts = message.path("timestamp");
            Instant at = Instant.ofEpochSecond(ts.path("seconds").asLong(), ts.path("microseconds").asLong() * 1000);
            JsonNode data = message.has("data") ? message.get("data") : json.createObjectNode();
            addEvent(new QmpEvent(message.get("event").asText(), data, at));
        } else if (message.has("id")) {
            CompletableFuture<JsonNode> waiting = inFlight.get(message.get("id").asText());
            if (waiting != null) {
                waiting.complete(message);
            }
        }
        // a reply without id answers a message QEMU could not parse; its sender times out
    }

    private void addEvent(QmpEvent event) {
        eventLock.lock();
        try {
            if (events.size() >= EVENT_LIMIT) {
                events.removeFirst();
            }
            events.addLast(event);
            eventArrived.signalAll();
        } finally {
            eventLock.unlock();
        }
    }

    private QemuGoneException connectionEnded(String message, Throwable cause) {
        eventLock.lock();
        try {
            if (gone == null) {
                gone = new QemuGoneException(message, cause);
            }
            eventArrived.signalAll();
        } finally {
            eventLock.unlock();
        }
        greeting.completeExceptionally(gone);
        inFlight.values().forEach(f -> f.completeExceptionally(gone));
        return gone;
    }

    /** Closes the connection (QEMU keeps running; its socket serves the next client). */
    @Override
    public void close() {
        connectionEnded("QMP client for " + socket + " closed", null);
        try {
            channel.close();
        } catch (IOException e) {
            // closing: nothing more to do with this channel
        }
        if (Thread.currentThread() != reader) {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("Interrupted", "interrupted", "interrupted while connecting", e);
        }
    }
}
