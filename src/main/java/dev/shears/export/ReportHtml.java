package dev.shears.export;

import static dev.shears.export.Html.esc;

import dev.shears.analysis.Formats;
import dev.shears.eval.EvaluationResult;
import dev.shears.pruning.Amount;
import dev.shears.pruning.PruningMode;
import dev.shears.pruning.equivalence.Equivalence;
import dev.shears.pruning.recipes.PruningSpec;
import dev.shears.pruning.recipes.PruningSpecJson;
import dev.shears.pruning.reports.LayerReport;
import dev.shears.pruning.reports.PruningReport;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;

/**
 * The export report as one self-contained HTML file: inline CSS and SVG, no scripts, no external
 * resources, printable. The markup is also well-formed XML, and every text is escaped.
 */
final class ReportHtml {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:62rem;margin:1.5rem auto;\
            padding:0 1rem;color:#111;line-height:1.4}
            h1{font-size:1.5rem;margin-bottom:.2rem}
            h2{font-size:1.15rem;border-bottom:1px solid #999;margin-top:1.8rem}
            .sub{color:#444;margin-top:0}
            table{border-collapse:collapse;margin:.5rem 0}
            th,td{border:1px solid #bbb;padding:.2rem .5rem;text-align:left;vertical-align:top}
            th{background:#eee}
            .n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            .hash,pre,code{font-family:ui-monospace,Menlo,Consolas,monospace}
            .hash{word-break:break-all}
            pre{background:#f6f6f6;border:1px solid #ddd;padding:.5rem;white-space:pre-wrap;word-break:break-word;\
            font-size:.85rem}
            .ok{color:#0b6b0b;font-weight:bold}
            .fail{color:#a30d0d;font-weight:bold}
            .note{color:#444;font-size:.9rem}
            .figures{display:flex;flex-wrap:wrap;gap:.8rem}
            figure{margin:0;break-inside:avoid;page-break-inside:avoid}
            figcaption{font-size:.8rem;color:#333;max-width:320px}
            @media print{body{max-width:none;margin:0;font-size:10pt}h2{break-after:avoid;page-break-after:avoid}\
            table,figure,pre,svg{break-inside:avoid;page-break-inside:avoid}th{background:none}}
            @page{margin:14mm}
            """;

    private ReportHtml() {
    }

    static String render(ExportReport r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width\"/>\n")
                .append("<meta name=\"generator\" content=\"Shears ").append(esc(r.shearsVersion())).append("\"/>\n")
                .append("<title>").append(esc("Shears export: " + r.modelFileName())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(r.modelFileName())).append("</h1>\n<p class=\"sub\">")
                .append(esc("pruned from " + r.sourceName() + " in " + r.steps().size()
                        + (r.steps().size() == 1 ? " step" : " steps") + "; exported "
                        + TIME.format(r.exportedAt()) + " by Shears " + r.shearsVersion()))
                .append("</p>\n");
        provenance(h, r);
        totals(h, r);
        metrics(h, r);
        checks(h, r);
        layers(h, r);
        histograms(h, r);
        r.sensitivity().ifPresent(s -> sensitivity(h, s));
        return h.append("</body>\n</html>\n").toString();
    }

    private static void provenance(StringBuilder h, ExportReport r) {
        h.append("<h2>Provenance</h2>\n<table>\n");
        row(h, "source file", esc(r.sourceName()));
        row(h, "source path", "<code>" + esc(r.sourcePath()) + "</code>");
        row(h, "source size", esc(bytes(r.sourceBytes())));
        row(h, "source SHA-256", "<span class=\"hash\">" + esc(r.sourceSha256()) + "</span>"
                + (r.sourceChangedSincePruning() ? " <span class=\"fail\">the file changed after it was pruned (pruned"
                + " from SHA-256 " + esc(r.first().provenance().sourceSha256()) + ")</span>" : ""));
        for (String data : r.data()) {
            int colon = data.indexOf(": ");
            row(h, data.substring(0, colon), esc(data.substring(colon + 2)));
        }
        row(h, "Shears version", esc(r.shearsVersion()));
        row(h, "exported", esc(TIME.format(r.exportedAt())));
        for (int i = 0; i < r.steps().size(); i++) {
            PruningReport step = r.steps().get(i).report();
            String from = Path.of(step.provenance().sourceFile()).getFileName().toString();
            row(h, "step " + (i + 1), esc(describe(r.steps().get(i).spec()) + "; pruned "
                    + TIME.format(step.provenance().createdAt().truncatedTo(ChronoUnit.SECONDS))
                    + (i == 0 ? "" : " from " + from + " (SHA-256 " + step.provenance().sourceSha256() + ")")));
        }
        h.append("</table>\n<p>Recipe (").append(r.steps().size() == 1 ? "replay it with <code>shears prune "
                + esc(r.sourceName()) + " --recipe RECIPE.json --out OUT.zip</code>"
                : "a list of steps, first to last; each element is a recipe that replays its step on the previous"
                + " step's output").append("):</p>\n<pre>").append(esc(r.recipeJson())).append("</pre>\n");
    }

    private static void totals(StringBuilder h, ExportReport r) {
        PruningReport first = r.first();
        PruningReport last = r.last();
        boolean unstructured = r.steps().stream().anyMatch(s -> s.report().mode() == PruningMode.UNSTRUCTURED);
        h.append("<h2>Totals</h2>\n<table>\n<tr><th></th><th class=\"n\">before</th><th class=\"n\">after</th>"
                + "<th class=\"n\">kept</th></tr>\n");
        totalRow(h, unstructured ? "parameters (non-zero)" : "parameters", first.before().params(),
                last.after().params(), Formats::exact);
        if (unstructured) {
            totalRow(h, "parameters stored in the zip", first.before().params(), r.storedParams(), Formats::exact);
        }
        totalRow(h, "MACs per example", first.before().macs(), last.after().macs(), Formats::exact);
        totalRow(h, "channels (all channel groups)", first.channelsBefore(), last.channelsAfter(), Formats::exact);
        totalRow(h, "model file", r.sourceBytes(), r.modelBytes(), ReportHtml::bytes);
        h.append("</table>\n");
        if (unstructured) {
            h.append("<p class=\"note\">Unstructured pruning zeroes weights without changing shapes: DL4J has no sparse"
                    + " storage, so the zip stores every parameter and runs as fast as before; the non-zero counts are"
                    + " what a sparse format or sparse hardware could reach.</p>\n");
        }
    }

    private static void totalRow(StringBuilder h, String label, long before, long after,
                                 LongFunction<String> format) {
        h.append("<tr><th>").append(esc(label)).append("</th><td class=\"n\">").append(esc(format.apply(before)))
                .append("</td><td class=\"n\">").append(esc(format.apply(after))).append("</td><td class=\"n\">")
                .append(before == 0 ? "" : esc(Formats.percent((double) after / before))).append("</td></tr>\n");
    }

    private static void metrics(StringBuilder h, ExportReport r) {
        h.append("<h2>Test metrics</h2>\n");
        if (r.metrics().isEmpty()) {
            h.append("<p>Not measured: ").append(esc(r.metricsSource())).append(".</p>\n");
            return;
        }
        EvaluationResult before = r.metrics().get().before();
        EvaluationResult after = r.metrics().get().after();
        String images = before.examples() == after.examples() ? Formats.exact(before.examples())
                : Formats.exact(before.examples()) + " (before) and " + Formats.exact(after.examples()) + " (after)";
        h.append("<p>").append(esc(images)).append(" test examples, ").append(esc(r.metricsSource()))
                .append(".</p>\n<table>\n<tr><th></th>"
                + "<th class=\"n\">before</th><th class=\"n\">after</th><th class=\"n\">change</th></tr>\n");
        metricRow(h, "top-1 accuracy", before, after, EvaluationResult::accuracy, true);
        metricRow(h, "top-5 accuracy", before, after, EvaluationResult::top5Accuracy, true);
        metricRow(h, "mean cross-entropy loss", before, after, EvaluationResult::meanLoss, false);
        h.append("<tr><th>examples per second</th><td class=\"n\">")
                .append(String.format(Locale.ROOT, "%.0f", before.examplesPerSecond())).append("</td><td class=\"n\">")
                .append(String.format(Locale.ROOT, "%.0f", after.examplesPerSecond())).append("</td><td class=\"n\">")
                .append(before.examplesPerSecond() > 0 ? String.format(Locale.ROOT, "×%.2f",
                        after.examplesPerSecond() / before.examplesPerSecond()) : "")
                .append("</td></tr>\n</table>\n<p class=\"note\">Examples per second are wall-clock on this machine"
                        + " at the time of measuring; other work on the machine lowers them.</p>\n");
    }

    private static void metricRow(StringBuilder h, String label, EvaluationResult before, EvaluationResult after,
                                  ToDoubleFunction<EvaluationResult> metric, boolean percent) {
        double b = metric.applyAsDouble(before);
        double a = metric.applyAsDouble(after);
        h.append("<tr><th>").append(esc(label)).append("</th><td class=\"n\">").append(percent ? pct(b) : loss(b))
                .append("</td><td class=\"n\">").append(percent ? pct(a) : loss(a)).append("</td><td class=\"n\">")
                .append(percent ? String.format(Locale.ROOT, "%+.2f pp", (a - b) * 100)
                        : String.format(Locale.ROOT, "%+.4f", a - b))
                .append("</td></tr>\n");
    }

    private static void checks(StringBuilder h, ExportReport r) {
        h.append("<h2>Checks</h2>\n<ul>\n<li>Reload: ").append(esc(r.modelFileName()))
                .append(" read back from disk and run against the in-memory pruned network on ")
                .append(esc(r.reloadInputs())).append(": max |difference| = ")
                .append(sci(r.reload().maxAbsDifference())).append(" (tolerance ")
                .append(sci(ExportResult.RELOAD_TOLERANCE)).append(") ")
                .append(r.reloadPassed() ? "<span class=\"ok\">passed</span>" : "<span class=\"fail\">FAILED</span>")
                .append("</li>\n");
        for (int i = 0; i < r.steps().size(); i++) {
            PruningReport step = r.steps().get(i).report();
            String prefix = r.steps().size() == 1 ? "" : "step " + (i + 1) + ": ";
            step.equivalence().ifPresent(e -> h.append("<li>").append(esc(prefix))
                    .append("Equivalence: the physically smaller network against the original with the removed channels"
                            + " zeroed, on ").append(esc(step.checkInputs()))
                    .append(esc(e.method().isEmpty() ? "" : " (" + e.method() + ")")).append(": max |difference| = ")
                    .append(sci(e.maxAbsDifference())).append(" (tolerance ")
                    .append(sci(Equivalence.TOLERANCE)).append(") ")
                    .append(step.equivalent() ? "<span class=\"ok\">equivalent</span>"
                            : "<span class=\"fail\">NOT equivalent</span>").append("</li>\n"));
            h.append("<li>").append(esc(prefix)).append("Output change caused by pruning (before against after, on ")
                    .append(esc(step.checkInputs())).append("): max |difference| = ")
                    .append(sci(step.outputChange().maxAbsDifference())).append("</li>\n");
            listReasons(h, prefix + "kept whole on purpose", step.skipped());
            listReasons(h, prefix + "not prunable", step.notPrunable());
        }
        h.append("</ul>\n");
    }

    private static void listReasons(StringBuilder h, String label, Map<String, String> reasons) {
        reasons.forEach((name, reason) -> h.append("<li>").append(esc(label + ": " + name + " (" + reason + ")"))
                .append("</li>\n"));
    }

    private static void layers(StringBuilder h, ExportReport r) {
        h.append("<h2>Layers</h2>\n<table>\n<tr><th>layer</th><th>type</th><th class=\"n\">params before</th>"
                + "<th class=\"n\">params after</th><th class=\"n\">MACs before</th><th class=\"n\">MACs after</th>"
                + "<th class=\"n\">channels before</th><th class=\"n\">channels after</th></tr>\n");
        for (LayerReport l : r.layers()) {
            h.append("<tr><td>").append(esc(l.name())).append("</td><td>").append(esc(l.type())).append("</td>");
            for (long v : new long[] {l.paramsBefore(), l.paramsAfter(), l.macsBefore(), l.macsAfter(),
                l.channelsBefore(), l.channelsAfter()}) {
                h.append("<td class=\"n\">").append(v < 0 ? "?" : esc(Formats.exact(v))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<p class=\"note\">Channels are a layer's output channels (units of a dense layer).");
        if (r.steps().stream().anyMatch(s -> s.report().mode() == PruningMode.UNSTRUCTURED)) {
            h.append(" After unstructured pruning, parameters and MACs count the non-zero weights.");
        }
        h.append("</p>\n");
    }

    private static void histograms(StringBuilder h, ExportReport r) {
        if (r.histograms().isEmpty()) {
            return;
        }
        h.append("<h2>Weight histograms</h2>\n<p>")
                .append(swatch("#c8c8c8", "#6e6e6e")).append(" before (the source) ")
                .append(swatch("#1f5fbf", "none")).append(" after (the exported zip), on the same ")
                .append(WeightHistograms.BINS).append(" bins per tensor; exact zeros are counted in the caption, not"
                        + " drawn.</p>\n<div class=\"figures\">\n");
        for (LayerHistogram lh : r.histograms()) {
            h.append("<figure>").append(HistogramSvg.render(lh)).append("<figcaption>")
                    .append(esc(lh.layer() + " " + lh.tensor() + ": " + Formats.exact(lh.countBefore()) + " → "
                            + Formats.exact(lh.countAfter()) + " weights; zeros " + Formats.exact(lh.zerosBefore())
                            + " → " + Formats.exact(lh.zerosAfter())))
                    .append("</figcaption></figure>\n");
        }
        h.append("</div>\n");
    }

    private static void sensitivity(StringBuilder h, SensitivityTable s) {
        h.append("<h2>Sensitivity</h2>\n<p>Accuracy when one group alone is pruned by a ratio");
        if (!s.description().isBlank()) {
            h.append(" (").append(esc(s.description())).append(')');
        }
        h.append("; dashed: the unpruned baseline.</p>\n<figure>").append(SensitivitySvg.render(s))
                .append("</figure>\n");
    }

    private static String swatch(String fill, String stroke) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"12\" height=\"10\" viewBox=\"0 0 12 10\">"
                + "<rect width=\"12\" height=\"10\" fill=\"" + fill + "\" stroke=\"" + stroke + "\"/></svg>";
    }

    private static void row(StringBuilder h, String label, String valueHtml) {
        h.append("<tr><th>").append(esc(label)).append("</th><td>").append(valueHtml).append("</td></tr>\n");
    }

    static String describe(PruningSpec spec) {
        String amount = spec.amount() instanceof Amount.Ratio ratio
                ? "ratio " + ratio.value() : "threshold " + ((Amount.Threshold) spec.amount()).value();
        String importance = spec.importance() == dev.shears.pruning.criteria.Importance.PRODUCER ? ""
                : " (importance " + spec.importance().jsonName() + ")";
        String budget = spec.budget().map(b -> ", solved for at most " + Formats.percent(b.keep()) + " of the "
                + b.metric().label()).orElse("");
        return spec.mode().jsonName() + ", " + spec.criterion().jsonName() + importance + ", "
                + PruningSpecJson.scopeName(spec.scope()) + ", " + amount + budget
                + (spec.layers().isEmpty() ? "" : ", " + spec.layers().size() + " layer overrides")
                + (spec.ignore().isEmpty() ? "" : ", ignoring " + String.join(" ", spec.ignore()));
    }

    private static String bytes(long n) {
        return Formats.exact(n) + " B (" + Formats.bytes(n) + ")";
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f %%", fraction * 100);
    }

    private static String loss(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String sci(double v) {
        return Double.isNaN(v) ? "NaN (outputs not finite)" : String.format(Locale.ROOT, "%.2e", v);
    }
}
