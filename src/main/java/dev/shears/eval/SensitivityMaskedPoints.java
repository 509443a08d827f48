package dev.shears.eval;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import dev.shears.data.DataException;
import dev.shears.engine.OrtEngine;
import dev.shears.model.ChannelGroup;
import dev.shears.model.LayerNode;
import dev.shears.model.NetworkGraph;
import dev.shears.model.ParamSlice;
import dev.shears.model.ParamTensor;
import dev.shears.model.SliceRole;
import dev.shears.onnx.OnnxPruningException;
import dev.shears.onnx.ReaderMaskCut;
import dev.shears.pruning.plan.GroupPlan;
import dev.shears.pruning.plan.PruningPlan;
import dev.shears.task.Cancellation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast way: one ONNX model for the whole scan, never rewritten per plan. For each group the
 * model is cut at the group's readers ({@link ReaderMaskCut}): per batch the part upstream of the
 * readers runs once, and the rest runs once per plan with the plan's channel mask as an input — in
 * two warm ONNX Runtime sessions per group, on batches decoded once. Masking the readers' inputs
 * computes what surgery computes; {@code SensitivityScanOnOrtTest} checks it against the DL4J scan.
 *
 * <p>A group the cut cannot handle (a reader whose weight is not a plain initializer, a grouped
 * Conv reading the channels, …) is measured by {@code fallback}, plan by plan.
 */
final class SensitivityMaskedPoints implements SensitivityPoints {
    /** Where the model keeps a layer's parameter: its initializer (or Constant output), if Shears knows it. */
    @FunctionalInterface
    interface ParamTensors {
        Optional<String> tensor(String layer, String key);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SensitivityMaskedPoints.class);

    private final ModelProto model;
    private final NetworkGraph graph;
    private final ParamTensors params;
    private final SensitivityRuns runs;
    private final SensitivityPoints fallback;
    private final List<String> notes = new ArrayList<>();

    /** @param model the self-contained ONNX model that computes what the network computes */
    SensitivityMaskedPoints(ModelProto model, NetworkGraph graph, ParamTensors params, SensitivityRuns runs,
                            SensitivityPoints fallback) {
        this.model = model;
        this.graph = graph;
        this.params = params;
        this.runs = runs;
        this.fallback = fallback;
    }

    @Override
    public String engine() {
        return OrtEngine.NAME;
    }

    /** The unpruned model, on the same batches and sessions as the plans. */
    @Override
    public AccuracyEstimate baseline(Cancellation cancellation) throws DataException {
        try {
            return runs.whole(model, cancellation);
        } catch (OrtException e) {
            throw new DataException("ONNX Runtime could not run the model: " + e.getMessage(), e);
        }
    }

    @Override
    public void measure(ChannelGroup group, List<PruningPlan> plans, Cancellation cancellation, Measured measured)
            throws DataException {
        Optional<Sites> sites = sites(group);
        ReaderMaskCut cut = null;
        if (sites.isEmpty()) {
            planByPlan(group, "a layer reading its channels keeps its weights where Shears cannot mask them");
        } else {
            try {
                cut = ReaderMaskCut.of(model, sites.get().sites());
            } catch (OnnxPruningException e) {
                planByPlan(group, e.getMessage());
            }
        }
        if (cut == null) {
            fallback.measure(group, plans, cancellation, measured);
            return;
        }
        List<AccuracyEstimate> estimates;
        try {
            estimates = runs.masked(cut, masks(sites.get(), group, plans), cancellation);
        } catch (OrtException e) {
            LOG.warn("ONNX Runtime could not run the model cut at the readers of {}", group.name(), e);
            planByPlan(group, "ONNX Runtime could not run the model cut at its readers (" + e.getMessage() + ")");
            fallback.measure(group, plans, cancellation, measured);
            return;
        }
        for (int i = 0; i < estimates.size(); i++) {
            measured.accept(i, estimates.get(i));
        }
    }

    @Override
    public List<String> notes() {
        return List.copyOf(notes);
    }

    private void planByPlan(ChannelGroup group, String why) {
        String sentence = group.name() + " was measured plan by plan, more slowly: " + why;
        LOG.info(sentence);
        notes.add(sentence);
    }

    /** The group's readers: one site per reading weight, with the slices that say which of its inputs a channel is. */
    private record Sites(List<ReaderMaskCut.Site> sites, List<List<ParamSlice>> slices) {
    }

    private Optional<Sites> sites(ChannelGroup group) {
        Map<String, List<ParamSlice>> byWeight = new LinkedHashMap<>();
        Map<String, Integer> widths = new HashMap<>();
        for (ParamSlice s : group.params()) {
            if (s.role() != SliceRole.INPUT) {
                continue;
            }
            Optional<String> tensor = params.tensor(s.layer(), s.param());
            Optional<long[]> shape = graph.node(s.layer()).flatMap(n -> shape(n, s.param()));
            if (tensor.isEmpty() || shape.isEmpty()) {
                return Optional.empty();
            }
            byWeight.computeIfAbsent(tensor.get(), t -> new ArrayList<>()).add(s);
            widths.put(tensor.get(), Math.toIntExact(shape.get()[s.axis()]));
        }
        if (byWeight.isEmpty()) {
            return Optional.empty();
        }
        List<ReaderMaskCut.Site> sites = new ArrayList<>();
        byWeight.keySet().forEach(t -> sites.add(new ReaderMaskCut.Site(t, widths.get(t))));
        return Optional.of(new Sites(sites, List.copyOf(byWeight.values())));
    }

    private static Optional<long[]> shape(LayerNode node, String key) {
        return node.params().stream().filter(p -> p.key().equals(key)).findFirst().map(ParamTensor::shape)
                .map(s -> s.dims());
    }

    /** Per plan, per site: 1 for every input the reader keeps, 0 for every input of a removed channel. */
    private static List<float[][]> masks(Sites sites, ChannelGroup group, List<PruningPlan> plans) {
        List<float[][]> masks = new ArrayList<>();
        for (PruningPlan plan : plans) {
            List<Integer> removed = plan.group(group.name()).map(GroupPlan::removed).orElseThrow();
            float[][] perSite = new float[sites.sites().size()][];
            for (int s = 0; s < perSite.length; s++) {
                float[] mask = new float[sites.sites().get(s).width()];
                Arrays.fill(mask, 1f);
                for (ParamSlice slice : sites.slices().get(s)) {
                    for (int c : removed) {
                        for (long r = 0; r < slice.repeats(); r++) {
                            long from = slice.start(c, r);
                            Arrays.fill(mask, Math.toIntExact(from), Math.toIntExact(from + slice.block()), 0f);
                        }
                    }
                }
                perSite[s] = mask;
            }
            masks.add(perSite);
        }
        return masks;
    }

    @Override
    public void close() {
        fallback.close();
    }
}
