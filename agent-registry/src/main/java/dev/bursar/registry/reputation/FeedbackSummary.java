package dev.bursar.registry.reputation;

/**
 * The registry's summary of the non-revoked feedback of chosen clients: how many entries, and their mean (expressed
 * with the largest decimals among them, truncated toward zero; zero when there are none).
 */
public record FeedbackSummary(long count, FeedbackValue mean) {
}
