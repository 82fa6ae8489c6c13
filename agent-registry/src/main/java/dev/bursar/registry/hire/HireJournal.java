package dev.bursar.registry.hire;

import java.util.List;
import java.util.Optional;

/** Where a hirer keeps its hires, written before each step leaves the process, so a restart can finish them. */
public interface HireJournal {

    Optional<HireRecord> get(String hireId);

    /** Records {@code record} as the hire's latest state, durably, before returning. */
    void put(HireRecord record);

    /** Every hire that has not reached a final state. */
    List<HireRecord> unfinished();
}
