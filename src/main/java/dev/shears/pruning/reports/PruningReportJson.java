package dev.shears.pruning.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shears.pruning.equivalence.Equivalence;
import dev.shears.pruning.recipes.Provenance;
import dev.shears.pruning.recipes.PruningSpecJson;

/** A {@link PruningReport} as JSON: provenance (with the recipe), totals with all three ratios, layers. */
public final class PruningReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PruningReportJson() {
    }

    public static String write(PruningReport report) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report tree always serialises", e);
        }
    }

    public static ObjectNode toJson(PruningReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        Provenance p = report.provenance();
        ObjectNode provenance = root.putObject("provenance");
        provenance.put("sourceFile", p.sourceFile());
        provenance.put("sourceSha256", p.sourceSha256());
        provenance.put("shearsVersion", p.shearsVersion());
        provenance.put("createdAt", p.createdAt().toString());
        provenance.set("recipe", PruningSpecJson.toJson(p.recipe()));
        root.put("mode", report.mode().jsonName());

        ObjectNode totals = root.putObject("totals");
        totals.put("paramsBefore", report.before().params());
        totals.put("paramsAfter", report.after().params());
        totals.put("storedParams", report.storedParams());
        totals.put("macsBefore", report.before().macs());
        totals.put("macsAfter", report.after().macs());
        totals.put("channelsBefore", report.channelsBefore());
        totals.put("channelsAfter", report.channelsAfter());
        totals.put("keptChannelRatio", report.keptChannelRatio());
        totals.put("keptParamRatio", report.keptParamRatio());
        totals.put("keptMacRatio", report.keptMacRatio());

        ObjectNode checks = root.putObject("checks");
        checks.put("inputs", report.checkInputs());
        report.equivalence().ifPresent(e -> {
            checks.put("equivalenceMaxAbsDifference", e.maxAbsDifference());
            checks.put("equivalenceMethod", e.methodName());
            checks.put("equivalenceInputScale", e.inputScale());
            checks.put("equivalenceTolerance", Equivalence.TOLERANCE);
            checks.put("equivalent", report.equivalent());
        });
        checks.put("outputChangeMaxAbsDifference", report.outputChange().maxAbsDifference());

        ArrayNode layers = root.putArray("layers");
        for (LayerReport l : report.layers()) {
            ObjectNode layer = layers.addObject();
            layer.put("name", l.name());
            layer.put("type", l.type());
            layer.put("paramsBefore", l.paramsBefore());
            layer.put("paramsAfter", l.paramsAfter());
            layer.put("macsBefore", l.macsBefore());
            layer.put("macsAfter", l.macsAfter());
            layer.put("channelsBefore", l.channelsBefore());
            layer.put("channelsAfter", l.channelsAfter());
        }
        ObjectNode skipped = root.putObject("skippedGroups");
        report.skipped().forEach(skipped::put);
        ObjectNode notPrunable = root.putObject("notPrunable");
        report.notPrunable().forEach(notPrunable::put);
        report.fineTune().ifPresent(f -> root.set("fineTune", fineTune(f)));
        return root;
    }

    private static ObjectNode fineTune(FineTuneSummary f) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("schedule", f.schedule());
        node.put("epochsPerStep", f.epochsPerStep());
        node.put("learningRate", f.learningRate());
        node.put("batchSize", f.batchSize());
        node.put("trainImages", f.trainImages());
        node.put("originalValidationAccuracy", f.originalValidationAccuracy());
        node.put("finalValidationAccuracy", f.finalValidationAccuracy());
        node.put("cancelled", f.cancelled());
        FineTuneSummary.Objective o = f.objective();
        if (o.sparsityL1() > 0) {
            node.put("sparsityL1", o.sparsityL1());
        }
        if (o.distillTemperature() > 0) {
            node.putObject("distillation").put("temperature", o.distillTemperature()).put("alpha", o.distillAlpha());
        }
        if (o.reinit()) {
            node.put("reinit", true);
        }
        ArrayNode steps = node.putArray("steps");
        for (FineTuneSummary.Step s : f.steps()) {
            ObjectNode step = steps.addObject();
            step.put("step", s.step());
            step.put("targetRatio", s.targetRatio());
            step.put("achievedRatio", s.achievedRatio());
            step.put("prunedValidationAccuracy", s.prunedValidationAccuracy());
            step.put("tunedValidationAccuracy", s.tunedValidationAccuracy());
            step.put("bestEpoch", s.bestEpoch());
            ArrayNode epochs = step.putArray("epochs");
            for (FineTuneSummary.Epoch e : s.epochs()) {
                ObjectNode epoch = epochs.addObject();
                epoch.put("epoch", e.epoch());
                epoch.put("learningRate", e.learningRate());
                epoch.put("trainLoss", e.trainLoss());
                epoch.put("validationAccuracy", e.validationAccuracy());
                epoch.put("validationLoss", e.validationLoss());
                epoch.put("seconds", e.seconds());
            }
        }
        return node;
    }
}
