package steward.paging;

import java.util.List;

/**
 * One page of a keyset read that fetched one row more than it shows: the rows to show, and
 * whether more remain (then {@link #last} is the row the next page's token starts after).
 */
public record Page<T>(List<T> items, boolean more) {
    /** {@code fetched} must come from a read of {@code limit + 1} rows. */
    public static <T> Page<T> of(List<T> fetched, int limit) {
        return fetched.size() > limit ? new Page<>(fetched.subList(0, limit), true) : new Page<>(fetched, false);
    }

    public T last() {
        return items.get(items.size() - 1);
    }
}
