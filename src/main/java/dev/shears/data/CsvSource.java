package dev.shears.data;

import dev.shears.model.ModelInput;
import dev.shears.model.TensorShape;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A comma-separated file of numeric feature columns and one label column.
 * <ul>
 *   <li>Header: option {@code header=true|false}; otherwise the first row is a header when one of its
 *       cells holds text that is not a number (an empty cell is a missing number, not a name).</li>
 *   <li>Label column: option {@code label=NAME} (a header name) or {@code label=INDEX} (0-based);
 *       otherwise the last column.</li>
 *   <li>Labels: with option {@code unlabelled}, or when the model takes exactly as many features as
 *       there are columns (and no {@code label} option), there is no label column. With
 *       {@code unlabelled} and one column more than the model takes, the label column is dropped.</li>
 *   <li>Features must all be decimal numbers and their count what the model takes; rows are then
 *       shaped as the model's input. Blank lines are skipped; a cell may be quoted ("…").</li>
 * </ul>
 * Sentences name lines from 1 and columns from 1 (as a spreadsheet shows them), with the header name.
 */
final class CsvSource {
    /** Plain decimal numbers as spreadsheets write them; not Java's NaN, Infinity, hex or 1f. */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private CsvSource() {
    }

    static DataSource open(DataSpec spec, ModelInput input) throws DataException {
        Path file = spec.path();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new DataException("The CSV file " + file + " is not UTF-8 text; save it as UTF-8 (or plain ASCII) CSV.", e);
        } catch (IOException e) {
            throw new DataException("Could not read the CSV file " + file + " (" + e.getMessage() + ").", e);
        }
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i);
            if (!line.isBlank()) {
                rows.add(split(line));
                lineNumbers.add(i + 1);
            }
        }
        if (rows.isEmpty()) {
            throw new DataException("The CSV file " + file + " is empty.");
        }
        String[] first = rows.get(0);
        boolean header = spec.options().containsKey("header") ? Boolean.parseBoolean(spec.option("header", "false"))
                : hasNonNumber(first);
        String[] names = header ? first : null;
        int columns = first.length;
        for (int r = 1; r < rows.size(); r++) {
            if (rows.get(r).length != columns) {
                throw new DataException("Line " + lineNumbers.get(r) + " of " + file + " has " + rows.get(r).length
                        + " columns but line " + lineNumbers.get(0) + " has " + columns + ".");
            }
        }
        int firstRow = header ? 1 : 0;
        int count = rows.size() - firstRow;
        if (count == 0) {
            throw new DataException("The CSV file " + file + " has a header but no rows of data.");
        }
        int labelColumn = labelColumn(spec, names, columns, file);
        boolean labelOption = spec.options().containsKey("label");
        if (input.isKnown() && !labelOption && columns == input.shape().elements()) {
            labelColumn = -1;
        }
        int features = labelColumn < 0 ? columns : columns - 1;
        if (input.isKnown() && features != input.shape().elements()) {
            throw new DataException("The CSV file " + file + " has " + features + " feature columns"
                    + (labelColumn < 0 ? "" : " besides its label column") + " but the model takes "
                    + input.shape().elements() + " features " + input.shape() + ".");
        }
        TensorShape shape = input.isKnown() ? input.shape() : TensorShape.of(features);
        boolean labelled = labelColumn >= 0 && !spec.unlabelled();

        float[] values = new float[count * features];
        int[] labels = labelled ? new int[count] : null;
        for (int r = 0; r < count; r++) {
            String[] row = rows.get(firstRow + r);
            int line = lineNumbers.get(firstRow + r);
            int f = 0;
            for (int c = 0; c < columns; c++) {
                if (c == labelColumn) {
                    if (labelled) {
                        labels[r] = ClassLabels.index(number(row[c], line, c, names, file),
                                "line " + line + " of " + file);
                    }
                } else {
                    values[r * features + f++] = (float) number(row[c], line, c, names, file);
                }
            }
        }
        SourceOptions.Range range = SourceOptions.range(spec, count, file);
        String fingerprint = new Fingerprint(spec, shape.toString()).file(file.getFileName().toString(), file).hex();
        String name = file.getFileName() + " (CSV" + (labelled ? "" : ", unlabelled") + ")" + range.describe(count);
        return LoadedSource.slice(name, values, features, labels, range, shape, SourceOptions.classNames(spec),
                fingerprint);
    }

    /** The label column from option {@code label} (a header name or a 0-based index), else the last. */
    private static int labelColumn(DataSpec spec, String[] names, int columns, Path file) throws DataException {
        String option = spec.options().get("label");
        if (option == null) {
            return columns - 1;
        }
        if (names != null) {
            for (int c = 0; c < columns; c++) {
                if (names[c].equals(option)) {
                    return c;
                }
            }
        }
        try {
            int index = Integer.parseInt(option.trim());
            if (index >= 0 && index < columns) {
                return index;
            }
        } catch (NumberFormatException e) {
            // not an index either: told below
        }
        throw new DataException("The CSV file " + file + " has no label column \"" + option + "\"; give a 0-based index below "
                + columns + (names == null ? "" : " or one of the header names " + String.join(", ", names)) + ".");
    }

    private static double number(String cell, int line, int column, String[] names, Path file) throws DataException {
        String where = "Line " + line + " of " + file + ", column " + (column + 1)
                + (names == null ? "" : " (\"" + names[column] + "\")");
        String text = cell.trim();
        if (text.isEmpty()) {
            throw new DataException(where + ", is empty; every cell must hold a number.");
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new DataException(where + ", holds \"" + text + "\", which is not a number.");
        }
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            throw new DataException(where + ", holds \"" + text + "\", which is too large for a number.");
        }
        return value;
    }

    private static boolean hasNonNumber(String[] row) {
        for (String cell : row) {
            if (!cell.isBlank() && !DECIMAL.matcher(cell.trim()).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Cells of one line: commas separate, double quotes enclose a cell that may hold commas ("" is a quote). */
    static String[] split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells.toArray(String[]::new);
    }
}
