package steward.schedule;

import java.time.LocalDate;
import java.util.BitSet;
import java.util.Optional;

/**
 * How close together two fire times of a cron expression can fall, for the association rule
 * "no more often than every 30 minutes".
 *
 * <p>Decided by analysing the fields, not by simulating: fire times are day x hour x minute,
 * so the gaps are (a) between neighbouring minutes of the minute set inside one hour, (b) from
 * the last minute of hour h to the first of hour h+1 when both hours are in the set, which is
 * 60 - last + first, and (c) the same wrap from 23:xx to 00:xx of the next day, which only
 * happens if two consecutive calendar days both fire. Any other pair of fire times is more
 * than an hour apart. Only (c) depends on the calendar, and only it needs a walk over matching
 * days, done only when it could matter. The answer is exact: {@code cron(0,40 0,23 ? * MON *)}
 * passes (Monday 23:40 is followed by next Monday 00:00) while {@code cron(0,40 0,23 * * ? *)}
 * does not.
 */
final class CronFrequency {
    private CronFrequency() {
    }

    /** The shortest possible gap in minutes between two fire times; Integer.MAX_VALUE if none under an hour. */
    static int shortestGapMinutes(CronSpec spec) {
        BitSet minutes = spec.minutes();
        int first = minutes.nextSetBit(0);
        int last = minutes.previousSetBit(59);
        int shortest = Integer.MAX_VALUE;
        for (int m = first, next = minutes.nextSetBit(m + 1); next >= 0; m = next, next = minutes.nextSetBit(m + 1)) {
            shortest = Math.min(shortest, next - m);
        }
        int acrossHours = 60 - last + first;
        if (acrossHours < shortest && crossesIntoNextHour(spec)) {
            shortest = acrossHours;
        }
        return shortest;
    }

    private static boolean crossesIntoNextHour(CronSpec spec) {
        BitSet hours = spec.hours();
        for (int h = hours.nextSetBit(0); h >= 0 && h < 23; h = hours.nextSetBit(h + 1)) {
            if (hours.get(h + 1)) {
                return true;
            }
        }
        return hours.get(23) && hours.get(0) && firesOnConsecutiveDays(spec);
    }

    private static boolean firesOnConsecutiveDays(CronSpec spec) {
        Optional<LocalDate> day = spec.nextDayFrom(LocalDate.of(CronSpec.FIRST_YEAR, 1, 1));
        while (day.isPresent()) {
            LocalDate following = day.get().plusDays(1);
            Optional<LocalDate> next = spec.nextDayFrom(following);
            if (next.isPresent() && next.get().equals(following)) {
                return true;
            }
            day = next;
        }
        return false;
    }
}
