package org.simvtp.examples.cli;

import java.nio.file.Path;
import org.simvtp.train.recipes.DataFormat;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options shared by the commands that read annotation files: {@code --format} and {@code --root}. */
final class DataOptions {

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            converter = FormatConverter.class,
            description = "Annotation format: webvid-csv, json (path -> caption object), msrvtt-json "
                    + "(MSRVTT_data.json), csv (path,caption) or folder (videos with .txt captions); "
                    + "default: detected from the file.")
    DataFormat format;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            description = "Folder relative video paths are resolved against (default: the annotation file's folder).")
    Path root;

    /** Converts {@code --format} names; a wrong name is a usage error (exit code 2). */
    static final class FormatConverter implements CommandLine.ITypeConverter<DataFormat> {
        @Override
        public DataFormat convert(String value) {
            try {
                return DataFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
