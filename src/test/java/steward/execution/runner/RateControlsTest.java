package steward.execution.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateControlsTest {
    @ParameterizedTest(name = "MaxConcurrency {0} of {1} targets runs {2} at once")
    @CsvSource({
            ",      7,   7",
            "1,     7,   1",
            "3,     7,   3",
            "50,    7,   50",
            "10%,   7,   1",
            "10%,   30,  3",
            "50%,   7,   3",
            "100%,  7,   7",
            "1%,    1,   1",
            ",      0,   1"})
    void concurrencyIsACountOrAPercentageRoundedDownButAtLeastOne(String maxConcurrency, int targets, int expected) {
        assertEquals(expected, RateControls.resolve(maxConcurrency, null, targets).maxConcurrency());
    }

    @ParameterizedTest(name = "MaxErrors {0} of {1} targets allows {2} errors")
    @CsvSource({
            "0,     10,  0",
            "3,     10,  3",
            "10%,   10,  1",
            "25%,   10,  2",
            "0%,    10,  0",
            "100%,  10,  10"})
    void errorBudgetIsACountOrAPercentageRoundedDown(String maxErrors, int targets, int expected) {
        RateControls rates = RateControls.resolve(null, maxErrors, targets);
        assertEquals(expected, rates.maxErrors());
        assertEquals(false, rates.budgetExceeded(expected), "reaching the budget is allowed");
        assertEquals(true, rates.budgetExceeded(expected + 1), "the error after it stops new targets");
    }

    @org.junit.jupiter.api.Test
    void absentMaxErrorsNeverStopsARun() {
        assertEquals(false, RateControls.resolve(null, null, 10).budgetExceeded(10));
    }
}
