package steward.schedule;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import steward.errors.SsmException;

/**
 * Parses the inside of {@code cron(...)}: minutes hours day-of-month month day-of-week year,
 * optionally preceded by a seconds field that must be 0.
 *
 * <p>Written by hand rather than on Quartz's CronExpression: Quartz stops at year 2099 where
 * AWS goes to 2199, insists on its own seconds field, and accepts things EventBridge does not
 * ({@code L-3}, {@code /} in day-of-week); adapting it would take more code than the grammar.
 * The grammar follows EventBridge's table: {@code , - * /} everywhere except day-of-week,
 * {@code ? L W} in day-of-month, {@code ? L #} in day-of-week. {@code L}, {@code W} and
 * {@code #} stand alone in their field, as in Quartz. Names (JAN-DEC, SUN-SAT) and letters are
 * case-insensitive. Ranges may wrap around (FRI-MON, 22-2) except in the year field. Fields
 * are separated by exactly one space.
 */
final class CronParser {
    private static final List<String> MONTH_NAMES =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAY_NAMES = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final int MAX_NUMBER_DIGITS = 4;

    record Field(String name, int min, int max, List<String> names, boolean wraps) {
    }

    static final Field MINUTES = new Field("minutes", 0, 59, List.of(), true);
    static final Field HOURS = new Field("hours", 0, 23, List.of(), true);
    static final Field DAY_OF_MONTH = new Field("day-of-month", 1, 31, List.of(), true);
    static final Field MONTH = new Field("month", 1, 12, MONTH_NAMES, true);
    static final Field DAY_OF_WEEK = new Field("day-of-week", 1, 7, DAY_NAMES, true);
    static final Field YEAR = new Field("year", CronSpec.FIRST_YEAR, CronSpec.LAST_YEAR, List.of(), false);

    private final String expression;

    CronParser(String expression) {
        this.expression = expression;
    }

    CronSpec parse(String body) {
        String[] fields = body.split(" ", -1);
        for (String field : fields) {
            if (field.isEmpty()) {
                throw fail("fields must be separated by exactly one space, with none before or after");
            }
        }
        if (fields.length == 7) {
            if (!fields[0].equals("0")) {
                throw fail("the optional seconds field must be 0");
            }
            fields = Arrays.copyOfRange(fields, 1, 7);
        } else if (fields.length != 6) {
            throw fail("expected 6 fields (minutes hours day-of-month month day-of-week year), found " + fields.length);
        }
        for (int i = 0; i < fields.length; i++) {
            fields[i] = fields[i].toUpperCase(Locale.ROOT);
        }
        boolean domOpen = fields[2].equals("?");
        boolean dowOpen = fields[4].equals("?");
        if (domOpen == dowOpen) {
            throw fail(domOpen
                    ? "day-of-month and day-of-week cannot both be ?"
                    : "one of day-of-month and day-of-week must be ?");
        }
        CronSpec spec = new CronSpec(
                values(MINUTES, fields[0]),
                values(HOURS, fields[1]),
                domOpen ? new DayRule.Any() : dayOfMonth(fields[2]),
                values(MONTH, fields[3]),
                dowOpen ? new DayRule.Any() : dayOfWeek(fields[4]),
                values(YEAR, fields[5]));
        if (CronFrequency.shortestGapMinutes(spec) < RateSchedule.MIN_INTERVAL.toMinutes()) {
            throw fail("associations cannot run more often than every 30 minutes");
        }
        return spec;
    }

    private DayRule dayOfMonth(String text) {
        if (text.equals("*")) {
            return new DayRule.Any();
        }
        if (text.equals("L")) {
            return new DayRule.LastDayOfMonth();
        }
        if (text.equals("LW")) {
            return new DayRule.LastWeekdayOfMonth();
        }
        if (text.endsWith("W")) {
            String day = text.substring(0, text.length() - 1);
            if (!isNumber(day)) {
                throw fail("W in day-of-month takes one day number, like 15W, or LW");
            }
            return new DayRule.NearestWeekday(value(DAY_OF_MONTH, day));
        }
        if (text.contains("L") || text.contains("W")) {
            throw fail("L and W in day-of-month must stand alone, as L, LW or a day like 15W");
        }
        return new DayRule.DaysOfMonth(values(DAY_OF_MONTH, text));
    }

    private DayRule dayOfWeek(String text) {
        if (text.equals("*")) {
            return new DayRule.Any();
        }
        if (text.equals("L")) {
            BitSet saturday = new BitSet();
            saturday.set(7);
            return new DayRule.DaysOfWeek(saturday);
        }
        int hash = text.indexOf('#');
        if (hash >= 0) {
            String nth = text.substring(hash + 1);
            if (!nth.matches("[1-5]")) {
                throw fail("# in day-of-week must be followed by 1 to 5, like 3#2 for the second Tuesday");
            }
            return new DayRule.NthDayOfWeek(singleDay(text.substring(0, hash), "#"), nth.charAt(0) - '0');
        }
        if (text.endsWith("L")) {
            return new DayRule.LastDayOfWeek(singleDay(text.substring(0, text.length() - 1), "L"));
        }
        if (text.contains("/")) {
            throw fail("increments (/) are not allowed in day-of-week");
        }
        return new DayRule.DaysOfWeek(values(DAY_OF_WEEK, text));
    }

    private int singleDay(String text, String marker) {
        if (text.isEmpty() || text.contains(",") || text.contains("-") || text.contains("*")) {
            throw fail(marker + " in day-of-week follows a single day, like 5L or 3#2");
        }
        return value(DAY_OF_WEEK, text);
    }

    private BitSet values(Field field, String text) {
        if (text.contains("?")) {
            throw fail("? can only stand alone in day-of-month or day-of-week");
        }
        BitSet set = new BitSet();
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                throw fail("the " + field.name() + " field has an empty list entry");
            }
            addItem(field, item, set);
        }
        return set;
    }

    private void addItem(Field field, String item, BitSet set) {
        int slash = item.indexOf('/');
        String range = slash < 0 ? item : item.substring(0, slash);
        int span = field.max() - field.min() + 1;
        int step = 1;
        if (slash >= 0) {
            String increment = item.substring(slash + 1);
            if (!isNumber(increment)) {
                throw fail("the " + field.name() + " increment '" + increment + "' is not a number");
            }
            step = Integer.parseInt(increment);
            if (step < 1 || step > span) {
                throw fail("the " + field.name() + " increment must be from 1 to " + span + ", not " + step);
            }
        }
        int start;
        int end;
        int dash = range.indexOf('-');
        if (range.equals("*")) {
            start = field.min();
            end = field.max();
        } else if (dash < 0) {
            start = value(field, range);
            end = slash >= 0 ? field.max() : start;
        } else {
            start = value(field, range.substring(0, dash));
            end = value(field, range.substring(dash + 1));
            if (end < start && !field.wraps()) {
                throw fail("the " + field.name() + " range " + range + " runs backwards");
            }
        }
        int length = Math.floorMod(end - start, span);
        for (int i = 0; i <= length; i += step) {
            set.set(field.min() + (start - field.min() + i) % span);
        }
    }

    private int value(Field field, String text) {
        if (isNumber(text)) {
            int n = Integer.parseInt(text);
            if (n < field.min() || n > field.max()) {
                throw fail("the " + field.name() + " value " + n + " is outside " + field.min() + "-" + field.max());
            }
            return n;
        }
        int named = field.names().indexOf(text);
        if (named >= 0) {
            return field.min() + named;
        }
        throw fail("'" + text + "' is not a valid " + field.name() + " value");
    }

    private static boolean isNumber(String text) {
        return !text.isEmpty() && text.length() <= MAX_NUMBER_DIGITS && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private SsmException fail(String reason) {
        return InvalidSchedule.of(expression, reason);
    }
}
