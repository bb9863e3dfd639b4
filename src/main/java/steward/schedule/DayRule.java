package steward.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.BitSet;

/**
 * What a cron day-of-month or day-of-week field asks of a date. Day-of-week numbers follow
 * EventBridge and Quartz: 1 = Sunday ... 7 = Saturday.
 */
sealed interface DayRule {

    boolean matches(LocalDate date);

    static int cronDayOfWeek(LocalDate date) {
        return date.getDayOfWeek().getValue() % 7 + 1;
    }

    /** {@code ?} or {@code *}: no constraint. */
    record Any() implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return true;
        }
    }

    record DaysOfMonth(BitSet days) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return days.get(date.getDayOfMonth());
        }
    }

    /** {@code L} in day-of-month. */
    record LastDayOfMonth() implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return date.getDayOfMonth() == date.lengthOfMonth();
        }
    }

    /**
     * {@code 15W}: the weekday nearest the 15th, never leaving the month (so 1W on a Saturday
     * is Monday the 3rd). A day the month lacks (31W in April) fires nothing that month.
     */
    record NearestWeekday(int day) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return day <= date.lengthOfMonth() && date.getDayOfMonth() == nearestWeekday(date.withDayOfMonth(day));
        }
    }

    /** {@code LW}: the last weekday of the month. */
    record LastWeekdayOfMonth() implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return date.getDayOfMonth() == nearestWeekday(date.withDayOfMonth(date.lengthOfMonth()));
        }
    }

    record DaysOfWeek(BitSet days) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return days.get(cronDayOfWeek(date));
        }
    }

    /** {@code 3#2}: the second Tuesday of the month. */
    record NthDayOfWeek(int dayOfWeek, int nth) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return cronDayOfWeek(date) == dayOfWeek && (date.getDayOfMonth() - 1) / 7 + 1 == nth;
        }
    }

    /** {@code 5L}: the last Thursday of the month. */
    record LastDayOfWeek(int dayOfWeek) implements DayRule {
        @Override
        public boolean matches(LocalDate date) {
            return cronDayOfWeek(date) == dayOfWeek && date.getDayOfMonth() + 7 > date.lengthOfMonth();
        }
    }

    private static int nearestWeekday(LocalDate target) {
        int day = target.getDayOfMonth();
        DayOfWeek dow = target.getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY) {
            return day == 1 ? 3 : day - 1;
        }
        if (dow == DayOfWeek.SUNDAY) {
            return day == target.lengthOfMonth() ? day - 2 : day + 1;
        }
        return day;
    }
}
