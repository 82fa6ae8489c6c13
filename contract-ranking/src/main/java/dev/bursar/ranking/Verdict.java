package dev.bursar.ranking;

/** What the report advises: go ahead, ask a person, or refuse. */
public enum Verdict { ALLOW, WARN, BLOCK }
