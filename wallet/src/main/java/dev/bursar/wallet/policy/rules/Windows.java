package dev.bursar.wallet.policy.rules;

import java.time.Duration;

/** Words for a rolling window in a rule's reason: "daily", "hourly", "3-day", "90-second". */
final class Windows {

    private Windows() {
    }

    static String describe(Duration window) {
        if (window.toDaysPart() > 0 && window.toHoursPart() == 0 && window.toMinutesPart() == 0) {
            return window.toDays() == 1 ? "daily" : window.toDays() + "-day";
        }
        if (window.toHours() > 0 && window.toMinutesPart() == 0) {
            return window.toHours() == 1 ? "hourly" : window.toHours() + "-hour";
        }
        return window.toSeconds() + "-second";
    }
}
