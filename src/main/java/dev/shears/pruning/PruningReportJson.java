package dev.shears.pruning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
            checks.put("equivalenceTolerance", PruningReport.EQUIVALENCE_TOLERANCE);
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
        return root;
    }
}
