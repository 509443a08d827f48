package dev.shears.pruning.plan;

/** Size and compute of a network: parameter count and multiply-accumulates per example. */
public record NetworkCost(long params, long macs) {
    public static NetworkCost sum(Iterable<NetworkCost> costs) {
        long params = 0;
        long macs = 0;
        for (NetworkCost c : costs) {
            params += c.params();
            macs += c.macs();
        }
        return new NetworkCost(params, macs);
    }
}
