package dev.shears.pruning.reports;

/**
 * One layer before and after pruning. Channels are the layer's output channels (units of a dense
 * layer); -1 when its output shape is unknown. After unstructured pruning, parameters and MACs
 * count the surviving (non-zeroed) weights; the stored tensors keep their size.
 */
public record LayerReport(String name, String type, long paramsBefore, long paramsAfter, long macsBefore,
                          long macsAfter, long channelsBefore, long channelsAfter) {
}
