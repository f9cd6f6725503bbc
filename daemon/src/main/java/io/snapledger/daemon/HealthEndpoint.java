package io.snapledger.daemon;

import com.sun.net.httpserver.HttpServer;
import io.snapledger.cli.BadUsageException;
import io.snapledger.core.LedgerService;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** {@code GET /healthz}: 200 while the daemon serves and its projection answers, 503 when it does not. */
final class HealthEndpoint implements AutoCloseable {
    private final HttpServer server;

    private HealthEndpoint(HttpServer server) {
        this.server = server;
    }

    static InetSocketAddress address(String listen) {
        int colon = listen.lastIndexOf(':');
        try {
            int port = Integer.parseInt(listen.substring(colon + 1));
            if (colon <= 0 || port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(listen.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new BadUsageException("--listen takes HOST:PORT, e.g. --listen 127.0.0.1:8080; got '" + listen + "'");
        }
    }

    static HealthEndpoint start(InetSocketAddress address, LedgerService ledger) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        server.createContext("/healthz", exchange -> {
            byte[] body;
            int status;
            try {
                body = ("{\"status\":\"serving\",\"domains\":" + ledger.queries().domains().size() + "}\n")
                        .getBytes(StandardCharsets.UTF_8);
                status = 200;
            } catch (RuntimeException e) {
                body = ("{\"status\":\"failing\"}\n").getBytes(StandardCharsets.UTF_8);
                status = 503;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new HealthEndpoint(server);
    }

    /** Where it answers, e.g. http://127.0.0.1:8080/healthz (the port chosen when 0 was given). */
    String url() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getHostString() + ":" + address.getPort() + "/healthz";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
