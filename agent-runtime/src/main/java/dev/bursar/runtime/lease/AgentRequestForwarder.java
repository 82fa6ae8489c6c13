package dev.bursar.runtime.lease;

import dev.bursar.runtime.api.ApiError;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends every request about one agent ({@code /api/agents/{id}} and below) to the runtime instance that drives it:
 * served here when this instance holds the agent's writer lease (or takes it), forwarded with the caller's own
 * credentials to the holder otherwise. When the holder cannot be reached the request waits for its lease to lapse and
 * is then served here; a request the holder received but did not answer is never sent twice (it may have paid).
 * Runs after authentication, so an unknown caller cannot move leases.
 */
@jakarta.inject.Singleton
public class AgentRequestForwarder {

    /** Marks a forwarded request, so that it is forwarded at most once. */
    static final String FORWARDED = "X-Bursar-Forwarded";
    private static final String ABORTED = AgentRequestForwarder.class.getName() + ".response";
    private static final Logger LOG = Logger.getLogger(AgentRequestForwarder.class);
    private static final Pattern AGENT_PATH = Pattern.compile("^/api/agents/([^/]+)(/.*)?$");
    private static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Accept", "Accept-Language");
    private static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "Retry-After", "WWW-Authenticate", "Location");

    // looked up per request: providers are created before the database and the leases exist
    @Inject
    Instance<WriterLeases> leases;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Answers at once when this instance drives the agent; otherwise decides on a worker thread (it may wait for a
     * lease, take an agent over or forward the request), since request filters run on the I/O thread.
     */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 10, readBody = true)
    public Uni<Response> route(ContainerRequestContext request) {
        Matcher m = AGENT_PATH.matcher(request.getUriInfo().getPath());
        if (!m.matches() || leases.get().holdsLocally(m.group(1))) {
            return Uni.createFrom().nullItem();
        }
        String agentId = m.group(1);
        return Uni.createFrom().item(() -> {
            if (!leases.get().knows(agentId)) {
                return null; // no such agent: the resource answers 404, and no lease is taken for a made-up id
            }
            filter(request, agentId);
            return request.getProperty(ABORTED) instanceof Response r ? r : null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private void filter(ContainerRequestContext request, String agentId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        byte[] body = null;
        while (true) {
            WriterLeases.Route route = leases.get().route(agentId);
            switch (route) {
                case WriterLeases.Route.Local local -> {
                    if (body != null) {
                        request.setEntityStream(new java.io.ByteArrayInputStream(body)); // read for a forward that did not happen
                    }
                    return;
                }
                case WriterLeases.Route.Busy busy -> {
                    abort(request, unavailable(busy.retryAfter(), "agent '" + agentId
                            + "' is still held by an earlier process at this address; retry when its lease lapses"));
                    return;
                }
                case WriterLeases.Route.Forward forward -> {
                    if (request.getHeaderString(FORWARDED) != null) {
                        abort(request, unavailable(Duration.ofSeconds(1), "agent '" + agentId + "' is moving between instances; retry"));
                        return;
                    }
                    try {
                        if (body == null) {
                            body = request.getEntityStream() == null ? new byte[0] : request.getEntityStream().readAllBytes();
                        }
                        abort(request, forward(request, forward.holderUrl(), body));
                        return;
                    } catch (ConnectException | java.net.http.HttpConnectTimeoutException e) {
                        // the holder is gone and nothing was sent to it: wait for its lease to lapse, then serve here
                        if (System.nanoTime() > deadline) {
                            abort(request, unavailable(Duration.ofSeconds(5), "the instance driving agent '" + agentId
                                    + "' is unreachable and its lease has not lapsed yet; retry"));
                            return;
                        }
                        LOG.infof("forward agent=%s holder=%s unreachable: waiting for its lease to lapse", agentId, forward.holderUrl());
                        sleep();
                    } catch (IOException e) {
                        if (e.getCause() instanceof ConnectException && System.nanoTime() < deadline) {
                            sleep(); // nothing was sent: as above
                            continue;
                        }
                        LOG.warnf("forward agent=%s holder=%s failed mid-request: %s", agentId, forward.holderUrl(), e.getMessage());
                        abort(request, Response.status(502).type(MediaType.APPLICATION_JSON).entity(new ApiError(
                                "the instance driving agent '" + agentId + "' stopped while answering; the request was not repeated. "
                                        + "Look at the agent's payment history before you send it again")).build());
                        return;
                    }
                }
            }
        }
    }

    private static void abort(ContainerRequestContext request, Response response) {
        request.setProperty(ABORTED, response);
    }

    private Response forward(ContainerRequestContext request, String holderUrl, byte[] body) throws IOException {
        URI target = URI.create(holderUrl + request.getUriInfo().getRequestUri().getRawPath()
                + (request.getUriInfo().getRequestUri().getRawQuery() == null ? "" : "?" + request.getUriInfo().getRequestUri().getRawQuery()));
        HttpRequest.Builder out = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(10))
                .method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header(FORWARDED, "1");
        for (String name : REQUEST_HEADERS) {
            String value = request.getHeaderString(name);
            if (value != null) {
                out.header(name, value);
            }
        }
        try {
            HttpResponse<byte[]> answer = http.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
            Response.ResponseBuilder back = Response.status(answer.statusCode()).entity(answer.body());
            for (String name : RESPONSE_HEADERS) {
                answer.headers().firstValue(name).ifPresent(v -> back.header(name, v));
            }
            return back.header("X-Bursar-Served-By", holderUrl).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
    }

    private static Response unavailable(Duration retryAfter, String message) {
        return Response.status(503).type(MediaType.APPLICATION_JSON).header("Retry-After", Math.max(1, retryAfter.toSeconds()))
                .entity(new ApiError(message)).build();
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
