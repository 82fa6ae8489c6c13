package dev.bursar.l402.client;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The first link of the paying client's chain: the hosts it may reach (every host when none is named). */
public record HostAllowlist(Set<String> hosts) {

    public HostAllowlist {
        hosts = Set.copyOf(hosts);
    }

    /** Only {@code hosts} (compared without case); at least one, none blank. */
    public static HostAllowlist of(Collection<String> hosts) {
        if (hosts.isEmpty() || hosts.stream().anyMatch(h -> h == null || h.isBlank())) {
            throw new IllegalArgumentException("allowed hosts must name at least one host and no blank one");
        }
        return new HostAllowlist(hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
    }

    /** Every host. */
    public static HostAllowlist any() {
        return new HostAllowlist(Set.of());
    }

    public boolean allows(String host) {
        return hosts.isEmpty() || (host != null && hosts.contains(host.toLowerCase(Locale.ROOT)));
    }

    /** @throws L402Exception before any request when the host of {@code uri} is not allowed */
    public void check(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!allows(host)) {
            throw new L402Exception("the host '" + host + "' is not on the allowed hosts " + hosts + "; nothing was requested or paid");
        }
    }
}
