package dev.shears.cli;

import dev.shears.analysis.Formats;
import dev.shears.io.AtomicFiles;
import dev.shears.io.LoadedModel;
import dev.shears.onnx.OnnxFiles;
import dev.shears.onnx.convert.CheckExamples;
import dev.shears.onnx.convert.ConversionException;
import dev.shears.onnx.convert.ConvertedModel;
import dev.shears.onnx.convert.Dl4jToOnnx;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.shears.data.DataRole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "convert", description = "Convert a DL4J model to ONNX, checked equal in ONNX Runtime before it is written.")
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a DL4J ModelSerializer .zip")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "MODEL.onnx", description = "the ONNX file to write")
    Path out;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    InputShapeOption inputShapeOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks.modelFile(model);
        if (OnnxFiles.isOnnx(model)) {
            throw new UserError(model.getFileName() + " is already an ONNX model: convert writes DL4J and Keras models"
                    + " as ONNX");
        }
        if (!OnnxFiles.isOnnx(out)) {
            throw new UserError("--out: convert writes an ONNX file; name it .onnx, not " + out.getFileName());
        }
        OutputFiles.refuseToOverwrite(model, out, "--out");
        OptionChecks.writable(out, "--out");
        dataOptions.givenProfile();
        LoadedModel loaded = inputShapeOption.load(model);
        if (loaded.backend().trainable().isEmpty()) {
            throw new UserError(model.getFileName() + " is already an " + loaded.backend().formatName()
                    + " model: convert writes DL4J and Keras models as ONNX");
        }
        CheckExamples.Described check = CheckExamples.forNetwork(loaded.graph(),
                dataOptions.open(loaded).get(DataRole.VALIDATION));
        ConvertedModel converted;
        try {
            converted = Dl4jToOnnx.convert(loaded.network(), check.examples());
        } catch (ConversionException e) {
            throw new UserError(e.getMessage());
        }
        AtomicFiles.write(out, temp -> Files.write(temp, converted.onnxBytes()));
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf(Locale.ROOT, "wrote %s (%s)%n", out, Formats.bytes(Files.size(out)));
        printer.printf(Locale.ROOT, "max |ONNX Runtime - DL4J| = %.3g over %s (allowed: %.0e)%n",
                converted.maxDifference(), check.description(), Dl4jToOnnx.TOLERANCE);
        printer.flush();
        return 0;
    }
}
