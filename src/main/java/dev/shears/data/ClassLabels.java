package dev.shears.data;

/** Labels are class indices 0, 1, 2, …: a value that is not one is told in a sentence saying where it is. */
final class ClassLabels {
    private ClassLabels() {
    }

    /** {@code where}: "line 5 of data.csv", "example 7 of y in data.npz". */
    static int index(double value, String where) throws DataException {
        if (value != Math.rint(value) || Double.isInfinite(value)) {
            throw new DataException("The label " + number(value) + " at " + where
                    + " is not a whole number; labels are class indices 0, 1, 2, ….");
        }
        if (value < 0) {
            throw new DataException("The label " + number(value) + " at " + where
                    + " is negative; labels are class indices 0, 1, 2, ….");
        }
        if (value > Integer.MAX_VALUE) {
            throw new DataException("The label " + number(value) + " at " + where + " is too large for a class index.");
        }
        return (int) value;
    }

    private static String number(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
