package dev.edgeperf.examples.sermon.http;

import dev.edgeperf.examples.sermon.library.LogText;
import dev.edgeperf.examples.sermon.upload.DiskErrors;
import dev.edgeperf.resilience.KeyedRateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests to endpoints by method and path, and does what every request needs: the {@code Host}
 * check, the client's address (through {@code X-Forwarded-For} from a trusted proxy), authentication with the role
 * each route needs (401 for a missing, unknown or revoked token, 403 for a
 * role too low; reads open to all with {@code READ_ACCESS=public}) with failed attempts limited per client address, security headers, an {@code X-Response-Time} header, a per-route timer, JSON
 * errors, and a log line for slow requests (uploads excepted: they are slow by nature). Routes are fixed
 * before the server starts; thread-safe afterwards.
 */
public final class Router extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** What a route does with an exchange; must answer through the exchange or throw. */
    @FunctionalInterface
    public interface Endpoint {
        void handle(Exchange exchange) throws Exception;
    }

    /**
     * Who may use a route: whether it needs a token, the role the token needs, if any, and whether
     * {@code READ_ACCESS=public} opens it.
     */
    enum Access {
        /** Anyone: the page, its files, {@code /health}. */
        PUBLIC(false, null, true),
        /** Any valid token, whatever its roles: who am I. */
        TOKEN(true, null, false),
        /** A token with the read role, unless {@code READ_ACCESS=public}. */
        READ(true, Role.READ, true),
        /** A token with the read role, always: work that costs the Pi (verifying a file). */
        READ_TOKEN(true, Role.READ, false),
        /** A token with the upload role. */
        UPLOAD(true, Role.UPLOAD, false),
        /** A token with the admin role. */
        ADMIN(true, Role.ADMIN, false);

        final boolean token;
        final @Nullable Role role;
        final boolean openedByReadPublic;

        Access(boolean token, @Nullable Role role, boolean openedByReadPublic) {
            this.token = token;
            this.role = role;
            this.openedByReadPublic = openedByReadPublic;
        }
    }

    private record Route(String method, String path, boolean prefix, Access access, boolean slow, boolean ticketed,
            String name, Endpoint endpoint) {
        boolean matches(String p) {
            return prefix ? p.startsWith(path) : p.equals(path);
        }
    }

    static final String METER = "sermon.http.requests";
    static final String FORWARDED_FOR = "X-Forwarded-For";
    /** The methods this service answers; any other is 501 and tagged {@code OTHER}. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** The statuses tagged as themselves; any other is tagged {@code OTHER}. */
    private static final Set<String> STATUSES = Set.of("200", "201", "204", "206", "304", "400", "401", "403", "404",
            "405", "409", "410", "412", "413", "415", "416", "421", "423", "429", "431", "460", "500", "501", "503", "507",
            "aborted");
    /** The most of a refused request's body read before answering, so the answer is not lost to a reset (Tomcat's default). */
    static final long MAX_DISCARDED_BODY = 2 << 20;
    /**
     * How long a refusal waits for that body: 2 MiB arrive in a quarter second at 8 MB/s, a slow LAN. Bounds the
     * thread a refused client holds; with the rate limit per address (100 a second) one address holds at most 25.
     */
    static final long DISCARD_PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    /**
     * Caps the request timer's tags, as a second line behind the fixed sets above: a bug that let a
     * client-chosen string through would otherwise grow one series per distinct value until the heap is gone.
     * Install on the registry before any meter is registered.
     */
    public static void capTags(MeterRegistry registry) {
        registry.config().meterFilter(MeterFilter.maximumAllowableTags(METER, "method", METHODS.size() + 1,
                MeterFilter.deny())).meterFilter(MeterFilter.maximumAllowableTags(METER, "status", STATUSES.size() + 1,
                        MeterFilter.deny())).meterFilter(MeterFilter.maximumAllowableTags(METER, "route", 32,
                                MeterFilter.deny()));
    }

    private final List<Route> routes = new ArrayList<>();
    private final Auth auth;
    private final boolean readPublic;
    private final HostNames hosts;
    private final TrustedProxies proxies;
    private final KeyedRateLimiter<String> authFailures;
    private final DownloadTickets tickets;
    private final MeterRegistry registry;
    private final long slowNanos;
    private final LongSupplier ticker;

    /**
     * @param authFailures failed authentications per client address; once its bucket is empty, the address
     *     gets 429 without its token being checked, so a guesser cannot try faster than the bucket refills
     */
    public Router(Auth auth, boolean readPublic, HostNames hosts, TrustedProxies proxies, KeyedRateLimiter<String> authFailures,
            DownloadTickets tickets, MeterRegistry registry, Duration slowRequest, LongSupplier ticker) {
        this.proxies = proxies;
        this.tickets = tickets;
        this.auth = auth;
        this.readPublic = readPublic;
        this.hosts = hosts;
        this.authFailures = authFailures;
        this.registry = registry;
        this.slowNanos = slowRequest.toNanos();
        this.ticker = ticker;
    }

    /** A route anyone may use, at exactly {@code path}. */
    public Router open(String method, String path, String name, Endpoint endpoint) {
        return add(new Route(method, path, false, Access.PUBLIC, false, false, name, endpoint));
    }

    /** A public route for every path under {@code prefix}. */
    public Router openUnder(String method, String prefix, String name, Endpoint endpoint) {
        return add(new Route(method, prefix, true, Access.PUBLIC, false, false, name, endpoint));
    }

    /** A read-only route at exactly {@code path}: the read role unless {@code READ_ACCESS=public}. */
    public Router read(String method, String path, String name, Endpoint endpoint) {
        return add(new Route(method, path, false, Access.READ, false, false, name, endpoint));
    }

    /** A read-only route for every path under {@code prefix}. */
    public Router readUnder(String method, String prefix, String name, Endpoint endpoint) {
        return add(new Route(method, prefix, true, Access.READ, false, false, name, endpoint));
    }

    /**
     * A read-only route for every path under {@code prefix} that a {@link DownloadTickets ticket} for the
     * rest of the path (a sermon's name) opens as well as a token does.
     */
    public Router downloadsUnder(String method, String prefix, String name, Endpoint endpoint) {
        return add(new Route(method, prefix, true, Access.READ, true, true, name, endpoint));
    }

    /** A route for uploaders (the upload role) at exactly {@code path}. */
    public Router upload(String method, String path, String name, Endpoint endpoint) {
        return add(new Route(method, path, false, Access.UPLOAD, false, false, name, endpoint));
    }

    /** An uploaders' route for every path under {@code prefix}, slow by nature (uploads): not logged as slow. */
    public Router longUploadUnder(String method, String prefix, String name, Endpoint endpoint) {
        return add(new Route(method, prefix, true, Access.UPLOAD, true, false, name, endpoint));
    }

    /**
     * A route for every path under {@code prefix} that needs the read role even when reads are public, slow by
     * nature (verifying a stored file): not logged as slow.
     */
    public Router longReadUnder(String method, String prefix, String name, Endpoint endpoint) {
        return add(new Route(method, prefix, true, Access.READ_TOKEN, true, false, name, endpoint));
    }

    /** A route at exactly {@code path} for any valid token, whatever its roles. */
    public Router anyToken(String method, String path, String name, Endpoint endpoint) {
        return add(new Route(method, path, false, Access.TOKEN, false, false, name, endpoint));
    }

    /** An admin's route (the admin role) for every path under {@code prefix}. */
    public Router adminUnder(String method, String prefix, String name, Endpoint endpoint) {
        return add(new Route(method, prefix, true, Access.ADMIN, false, false, name, endpoint));
    }

    private Router add(Route route) {
        routes.add(route);
        return this;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = ticker.getAsLong();
        String path = Request.getPathInContext(request);
        Route route = find(request.getMethod(), path);
        Response timed = new Response.Wrapper(request, response) {
            private boolean stamped;

            @Override
            public void write(boolean last, ByteBuffer content, Callback cb) {
                if (!stamped) {
                    stamped = true;
                    getHeaders().put("X-Response-Time", String.format("%.3fms", (ticker.getAsLong() - start) / 1e6));
                }
                super.write(last, content, cb);
            }
        };
        String name = route == null ? "unmatched" : route.name;
        Callback measured = new Callback() {
            @Override
            public void succeeded() {
                done(request, timed, name, route, start, null);
                callback.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                done(request, timed, name, route, start, failure);
                callback.failed(failure);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
        String client = proxies.client(Request.getRemoteAddr(request), request.getHeaders().get(FORWARDED_FOR));
        Exchange exchange = new Exchange(request, timed, measured, route == null ? "" : path.substring(route.path.length()),
                client);
        secureHeaders(timed, path);
        try {
            if (!METHODS.contains(request.getMethod())) {
                throw new ApiException(501, "not_implemented", "this service does not implement that method: allowed "
                        + String.join(", ", new TreeSet<>(METHODS)));
            }
            if (route == null) {
                throw notRouted(request.getMethod(), path);
            }
            if (!hosts.allows(request.getHeaders().get(HttpHeader.HOST))) {
                throw new ApiException(421, "unknown_host", "this service does not answer to that host name; allowed"
                        + " IP addresses and " + hosts + " (ALLOWED_HOSTS)");
            }
            if (needsToken(route) && !request.getMethod().equals("OPTIONS") && !ticketOpens(route, request, exchange)) {
                Auth.Principal principal = authenticate(request, client);
                if (route.access.role != null) {
                    Auth.require(principal, route.access.role);
                }
                exchange.setPrincipal(principal);
            }
            route.endpoint.handle(exchange);
        } catch (Exception | Error e) {
            ApiException refusal = Answers.of(e);
            if (refusal != null) {
                answer(exchange, refusal);
                return true;
            }
            if (clientGone(e)) {
                LOG.info("client went away or stalled during {} {}: {}", request.getMethod(), path, e.toString());
                measured.failed(e);
                return true;
            }
            String reference = Long.toHexString(ThreadLocalRandom.current().nextLong());
            LOG.error("{} {} failed reference={}", request.getMethod(), path, reference, e);
            answer(exchange, (DiskErrors.isDiskFull(e) ? Answers.ofRefusal(DiskErrors.diskFull("this request's bytes were not kept"))
                    : new ApiException(500, "internal", "the service failed; the log holds the detail under this reference"))
                    .detail("reference", reference));
        }
        return true;
    }

    private boolean ticketOpens(Route route, Request request, Exchange exchange) {
        if (!route.ticketed) {
            return false;
        }
        String query = request.getHttpURI().getQuery();
        String ticket = query != null && query.startsWith("ticket=") ? query.substring("ticket=".length()) : null;
        return tickets.opens(ticket, exchange.tail());
    }

    private boolean needsToken(Route route) {
        return route.access.token && !(route.access.openedByReadPublic && readPublic);
    }

    private Auth.Principal authenticate(Request request, String address) {
        Duration wait = authFailures.timeUntilFree(address);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new ApiException(429, "too_many_failures", "too many failed authentications from this address; try"
                    + " again in " + seconds + " s").header("Retry-After", Long.toString(seconds));
        }
        try {
            return auth.authenticate(request.getHeaders().get("Authorization"));
        } catch (ApiException e) {
            authFailures.tryAcquire(address);
            LOG.warn("failed authentication from {} on {} {}", address, request.getMethod(),
                    LogText.quote(Request.getPathInContext(request)));
            throw e;
        }
    }

    /**
     * Headers on every answer: no content sniffing, no referrer leaking a URL, and no caching of anything but
     * the page's static files (answers carry recordings' metadata, health and metrics).
     */
    private static void secureHeaders(Response response, String path) {
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        if (!path.startsWith("/static/")) {
            response.getHeaders().put("Cache-Control", "no-store");
        }
    }

    /** A client that closed its connection, or sent nothing for the idle timeout: its fault, not ours. */
    private static boolean clientGone(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof EofException || c instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private void answer(Exchange exchange, ApiException e) {
        if (exchange.response().isCommitted()) {
            exchange.callback().failed(e);
        } else {
            if (exchange.request().getLength() != 0 && !exchange.discardBody(MAX_DISCARDED_BODY, DISCARD_PATIENCE_NANOS)) {
                // The body is left unread, so Jetty closes the connection; saying so keeps a client from sending
                // its next request on a connection that is about to be reset.
                exchange.setHeader(HttpHeader.CONNECTION.asString(), "close");
            }
            exchange.sendError(e);
        }
    }

    private @Nullable Route find(String method, String path) {
        for (Route r : routes) {
            if (r.matches(path) && (r.method.equals(method) || r.method.equals("*"))) {
                return r;
            }
        }
        return null;
    }

    private ApiException notRouted(String method, String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            if (r.matches(path)) {
                allowed.add(r.method);
            }
        }
        if (allowed.isEmpty()) {
            return new ApiException(404, "not_found", "nothing at " + path);
        }
        return new ApiException(405, "method_not_allowed", method + " is not allowed on " + path + ": allowed "
                + String.join(", ", allowed)).header("Allow", String.join(", ", allowed));
    }

    private void done(Request request, Response response, String name, @Nullable Route route, long start, @Nullable Throwable failure) {
        long nanos = ticker.getAsLong() - start;
        String status = failure == null ? Integer.toString(response.getStatus()) : "aborted";
        Timer.builder(METER).description("HTTP requests by route, method and status")
                .tags("route", name, "method", METHODS.contains(request.getMethod()) ? request.getMethod() : "OTHER",
                        "status", STATUSES.contains(status) ? status : "OTHER")
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        if (nanos > slowNanos && (route == null || !route.slow)) {
            LOG.warn("slow request method={} path={} status={} ms={}", METHODS.contains(request.getMethod())
                    ? request.getMethod() : "OTHER",
                    Request.getPathInContext(request), status, nanos / 1_000_000);
        }
    }
}
