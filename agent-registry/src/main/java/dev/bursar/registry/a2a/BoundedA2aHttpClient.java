package dev.bursar.registry.a2a;

import io.a2a.client.http.A2AHttpClient;
import io.a2a.client.http.A2AHttpResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The SDK's HTTP seam, bounded: HTTP/1.1, no redirects, a time limit per call, a size limit per answer, and only the
 * origin of the card it was made for (a card cannot send our calls, and their credentials, elsewhere). Server-sent events
 * are not offered.
 */
final class BoundedA2aHttpClient implements A2AHttpClient {

    private final HttpClient http;
    private final String origin;
    private final Duration timeout;
    private final int maxBytes;

    BoundedA2aHttpClient(HttpClient http, String origin, Duration timeout, int maxBytes) {
        this.http = http;
        this.origin = origin;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    @Override
    public GetBuilder createGet() {
        return new Get();
    }

    @Override
    public PostBuilder createPost() {
        return new Post();
    }

    @Override
    public DeleteBuilder createDelete() {
        return new Delete();
    }

    private abstract class Call<T extends Builder<T>> implements Builder<T> {
        private String url = "";
        private final Map<String, String> headers = new LinkedHashMap<>();

        @Override
        public T url(String url) {
            this.url = url;
            return self();
        }

        @Override
        public T addHeaders(Map<String, String> more) {
            if (more != null) {
                more.forEach(this::addHeader);
            }
            return self();
        }

        @Override
        public T addHeader(String name, String value) {
            headers.put(name, value);
            return self();
        }

        @SuppressWarnings("unchecked")
        private T self() {
            return (T) this;
        }

        A2AHttpResponse send(String method, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
            if (!A2aCard.origin(url).equals(origin)) {
                throw new IOException("refused to call " + url + ": the agent card's endpoint is on " + origin);
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).method(method, body);
            headers.forEach(b::header);
            HttpResponse<InputStream> response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(maxBytes + 1);
            }
            if (bytes.length > maxBytes) {
                throw new IOException("the agent's answer is larger than " + maxBytes + " bytes; refused");
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            int status = response.statusCode();
            return new A2AHttpResponse() {
                @Override
                public int status() {
                    return status;
                }

                @Override
                public boolean success() {
                    return status >= 200 && status < 300;
                }

                @Override
                public String body() {
                    return text;
                }
            };
        }

        CompletableFuture<Void> noStreaming() {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("streaming is not used by Bursar's A2A client"));
        }
    }

    private final class Get extends Call<GetBuilder> implements GetBuilder {
        @Override
        public A2AHttpResponse get() throws IOException, InterruptedException {
            return send("GET", HttpRequest.BodyPublishers.noBody());
        }

        @Override
        public CompletableFuture<Void> getAsyncSSE(Consumer<String> messages, Consumer<Throwable> errors, Runnable done) {
            return noStreaming();
        }
    }

    private final class Post extends Call<PostBuilder> implements PostBuilder {
        private String body = "";

        @Override
        public PostBuilder body(String body) {
            this.body = body;
            return this;
        }

        @Override
        public A2AHttpResponse post() throws IOException, InterruptedException {
            return send("POST", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }

        @Override
        public CompletableFuture<Void> postAsyncSSE(Consumer<String> messages, Consumer<Throwable> errors, Runnable done) {
            return noStreaming();
        }
    }

    private final class Delete extends Call<DeleteBuilder> implements DeleteBuilder {
        @Override
        public A2AHttpResponse delete() throws IOException, InterruptedException {
            return send("DELETE", HttpRequest.BodyPublishers.noBody());
        }
    }
}
