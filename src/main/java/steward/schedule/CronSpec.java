package steward.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Optional;

/**
 * A parsed cron expression as value sets, and the next-fire search over them.
 *
 * <p>The search never steps minute by minute: it skips whole years and months that are not in
 * their sets, tests at most the days of one month at a time against the two day rules, and
 * then picks the hour and minute with {@link BitSet#nextSetBit}. Finding that a schedule never
 * fires again therefore costs at most about 230 years x 12 months x 31 days of cheap checks.
 */
record CronSpec(BitSet minutes, BitSet hours, DayRule dayOfMonth, BitSet months, DayRule dayOfWeek, BitSet years) {
    static final int FIRST_YEAR = 1970;
    static final int LAST_YEAR = 2199;

    /** The first fire time strictly after {@code after}, or empty if there is none up to 2199. */
    Optional<LocalDateTime> nextAfter(LocalDateTime after) {
        if (after.getYear() > LAST_YEAR) {
            return Optional.empty();
        }
        LocalDateTime start = after.getYear() < FIRST_YEAR
                ? LocalDate.of(FIRST_YEAR, 1, 1).atStartOfDay()
                : after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDate day = start.toLocalDate();
        int hour = start.getHour();
        int minute = start.getMinute();
        while (true) {
            Optional<LocalDate> match = nextDayFrom(day);
            if (match.isEmpty()) {
                return Optional.empty();
            }
            if (!match.get().equals(day)) {
                hour = 0;
                minute = 0;
            }
            Optional<LocalDateTime> time = timeOnOrAfter(match.get(), hour, minute);
            if (time.isPresent()) {
                return time;
            }
            day = match.get().plusDays(1);
            hour = 0;
            minute = 0;
        }
    }

    private Optional<LocalDateTime> timeOnOrAfter(LocalDate day, int fromHour, int fromMinute) {
        for (int h = hours.nextSetBit(fromHour); h >= 0; h = hours.nextSetBit(h + 1)) {
            int m = minutes.nextSetBit(h == fromHour ? fromMinute : 0);
            if (m >= 0) {
                return Optional.of(day.atTime(h, m));
            }
        }
        return Optional.empty();
    }

    /** The first day on or after {@code from} that the year, month and both day fields allow. */
    Optional<LocalDate> nextDayFrom(LocalDate from) {
        LocalDate day = from.getYear() < FIRST_YEAR ? LocalDate.of(FIRST_YEAR, 1, 1) : from;
        while (true) {
            int year = years.nextSetBit(day.getYear());
            if (year < 0 || year > LAST_YEAR) {
                return Optional.empty();
            }
            if (year != day.getYear()) {
                day = LocalDate.of(year, 1, 1);
            }
            int month = months.nextSetBit(day.getMonthValue());
            if (month < 0) {
                day = LocalDate.of(year + 1, 1, 1);
                continue;
            }
            if (month != day.getMonthValue()) {
                day = LocalDate.of(year, month, 1);
            }
            for (int d = day.getDayOfMonth(); d <= day.lengthOfMonth(); d++) {
                LocalDate candidate = day.withDayOfMonth(d);
                if (dayOfMonth.matches(candidate) && dayOfWeek.matches(candidate)) {
                    return Optional.of(candidate);
                }
            }
            day = day.withDayOfMonth(1).plusMonths(1);
        }
    }
}
