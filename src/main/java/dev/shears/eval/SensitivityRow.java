package dev.shears.eval;

import java.util.List;

/**
 * One point of a sensitivity scan: channel group {@code group} lost {@code ratio} of its channels
 * (every other group kept all of its own), and the whole network then scored {@code accuracy}
 * (top-1) and {@code loss} (mean cross-entropy) on the scan's validation images, with
 * {@code params} parameters and {@code macs} multiply-accumulates per example.
 *
 * @param group    the group's name: the first layer that computes its channels
 * @param layers   every layer the group's channels touch (producers, BatchNorms, readers), in graph order
 * @param channels the group's channels before pruning
 */
public record SensitivityRow(String group, List<String> layers, int channels, double ratio, int keptChannels,
                             double accuracy, double loss, long params, long macs) {
    public SensitivityRow {
        layers = List.copyOf(layers);
    }
}
