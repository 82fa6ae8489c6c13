package dev.bursar.ranking;

/** A contract could not be ranked at all; the message says why and what to do. Guards treat it as BLOCK. */
public class RankingException extends RuntimeException {

    public RankingException(String message) {
        super(message);
    }

    public RankingException(String message, Throwable cause) {
        super(message, cause);
    }
}
