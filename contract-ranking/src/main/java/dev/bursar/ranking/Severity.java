package dev.bursar.ranking;

/** How much a finding matters to someone about to send value. */
public enum Severity { INFO, LOW, MEDIUM, HIGH, CRITICAL }
