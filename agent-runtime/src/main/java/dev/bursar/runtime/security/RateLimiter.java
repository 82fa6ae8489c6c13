package dev.bursar.runtime.security;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sliding one-minute window of requests per user; past the limit the API answers 429 with Retry-After.
 */
public final class RateLimiter {

    private final int perMinute;
    private final Map<String, Deque<Long>> windows = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute) {
        this.perMinute = perMinute;
    }

    /** Records a request of {@code userId} and returns 0 if allowed, else the seconds to wait. */
    public long acquire(String userId, long nowMillis) {
        Deque<Long> window = windows.computeIfAbsent(userId, k -> new ArrayDeque<>());
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst() <= nowMillis - 60_000) {
                window.pollFirst();
            }
            if (window.size() >= perMinute) {
                return Math.max(1, (window.peekFirst() + 60_000 - nowMillis + 999) / 1000);
            }
            window.addLast(nowMillis);
            return 0;
        }
    }
}
