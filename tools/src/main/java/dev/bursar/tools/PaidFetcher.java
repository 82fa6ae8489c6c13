package dev.bursar.tools;

import dev.bursar.l402.client.PayingHttpClient;
import dev.bursar.l402.client.L402Response;
import dev.bursar.wallet.InvalidInputException;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.Locale;

/**
 * The paying HTTP client as plugins see it: a request is sent, and its price paid through the agent's policy, only to
 * a host the user named in this conversation. A link found in a fetched page is never followed with payment.
 */
public final class PaidFetcher {

    private final PayingHttpClient client;
    private final ConversationWords words;

    public PaidFetcher(PayingHttpClient client, ConversationWords words) {
        this.client = client;
        this.words = words;
    }

    public long maxPriceSats() {
        return client.maxPriceSats();
    }

    public boolean allowsHost(String host) {
        return client.allowsHost(host);
    }

    /**
     * Sends {@code request} for {@code call}'s conversation, paying at most {@code maxPriceSats}.
     *
     * @throws InvalidInputException before anything is sent if the user did not name the request's host
     */
    public L402Response fetch(ToolCall call, HttpRequest request, long maxPriceSats) throws IOException, InterruptedException {
        String host = request.uri().getHost() == null ? "" : request.uri().getHost().toLowerCase(Locale.ROOT);
        if (!words.of(call.conversationId()).mentionsHost(host)) {
            throw new InvalidInputException("you did not name " + host + " in this conversation; a paid fetch goes only to a host"
                    + " you asked for (a link from a page or a tool result is never followed with payment); nothing was requested or paid");
        }
        return client.fetch(request, maxPriceSats);
    }
}
