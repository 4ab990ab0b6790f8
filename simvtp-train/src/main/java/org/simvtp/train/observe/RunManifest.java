package org.simvtp.train.observe;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.train.TrainerConfig;
import org.simvtp.train.TrainingListener;
import org.simvtp.train.checkpoint.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provenance of a training or evaluation run as a JSON sidecar ({@value #FILE_NAME}) next to its checkpoints:
 * the full configurations, seeds, a description of the data, library versions (DJL, the engine and its version,
 * FFmpeg presets, Java, OS), device and thread settings, the start time and the git commit of the sources when
 * the process runs inside a working tree. Environment facts are gathered at {@link Builder#build()}; each one
 * that cannot be determined is recorded as absent, never an error.
 *
 * <p>Top-level keys: {@code format, name, started, configs, seeds, data, versions, runtime, git, extra}. A
 * record configuration (such as {@link TrainerConfig}) becomes an object of its components; another object (such
 * as {@link SimvtpConfig}) is stored as its {@code toString()} under {@code "string"} plus the {@code key=value}
 * pairs parsed from it.
 *
 * <pre>{@code
 * RunManifest manifest = RunManifest.builder().optName("pretrain-tiny").optModelConfig(modelConfig)
 *         .optTrainerConfig(trainerConfig).optData("synthetic, 2000 clips, seed 7").build();
 * manifest.write(store.directory());                 // run-manifest.json
 * trainerBuilder.addListener(manifest.listener(store.directory())); // or: written when fit starts
 * }</pre>
 */
public final class RunManifest {

    /** File name used by {@link #write(Path)}. */
    public static final String FILE_NAME = "run-manifest.json";
    /** Value of the {@code format} key. */
    public static final String FORMAT = "simvtp-run-manifest/1";

    private static final Logger LOG = LoggerFactory.getLogger(RunManifest.class);
    private static final Gson PRETTY = new GsonBuilder()
            .setPrettyPrinting()
            .serializeNulls()
            .disableHtmlEscaping()
            .create();
    private static final Pattern TO_STRING = Pattern.compile("^\\w+\\{(.*)}$");
    private static final List<String> THREAD_PROPERTIES = List.of(
            "ai.djl.pytorch.num_threads",
            "ai.djl.pytorch.num_interop_threads",
            "ai.djl.offline",
            "ai.djl.default_engine");
    private static final List<String> THREAD_ENV = List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPT_OUT_TRACKING");

    private final JsonObject json;

    private RunManifest(JsonObject json) {
        this.json = json;
    }

    /** A builder; the start time defaults to the moment {@link Builder#build()} runs. */
    public static Builder builder() {
        return new Builder();
    }

    /** A copy of the manifest as a JSON object. */
    public JsonObject toJsonObject() {
        return json.deepCopy();
    }

    /** The manifest as pretty-printed JSON. */
    public String toJson() {
        return PRETTY.toJson(json);
    }

    /**
     * Writes {@code directory/run-manifest.json} atomically, creating the directory.
     *
     * @param directory the run or checkpoint directory
     * @return the file written
     * @throws UncheckedIOException if it cannot be written
     */
    public Path write(Path directory) {
        return write(directory, FILE_NAME);
    }

    /**
     * Writes the manifest under another file name.
     *
     * @param directory target directory (created)
     * @param fileName file name
     * @return the file written
     * @throws UncheckedIOException if it cannot be written
     */
    public Path write(Path directory, String fileName) {
        Path file = directory.resolve(fileName);
        try {
            Files.createDirectories(directory);
            byte[] bytes = toJson().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(file, out -> out.write(bytes));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run manifest " + file, e);
        }
    }

    /**
     * A listener that writes the manifest when training starts: {@value #FILE_NAME} for a fresh run,
     * {@code run-manifest-resume-<step>.json} (with a {@code resumedAtStep} key) for a resumed one, so the
     * original record is kept. A write failure is logged, not thrown.
     *
     * @param directory the checkpoint directory
     * @return the listener
     */
    public TrainingListener listener(Path directory) {
        return new TrainingListener() {
            @Override
            public void onStart(long startStep, long totalSteps) {
                try {
                    if (startStep == 0) {
                        write(directory);
                    } else {
                        JsonObject resumed = toJsonObject();
                        resumed.addProperty("resumedAtStep", startStep);
                        new RunManifest(resumed).write(directory, "run-manifest-resume-" + startStep + ".json");
                    }
                } catch (UncheckedIOException e) {
                    LOG.warn("cannot write the run manifest into {}", directory, e);
                }
            }
        };
    }

    /**
     * A configuration as JSON: a record's components (nested records too), otherwise the {@code toString()} and
     * its parsed {@code key=value} pairs.
     */
    static JsonObject configJson(Object config) {
        JsonObject o = new JsonObject();
        if (config instanceof Record) {
            for (RecordComponent c : config.getClass().getRecordComponents()) {
                try {
                    Object v = c.getAccessor().invoke(config);
                    if (v instanceof Record) {
                        o.add(c.getName(), configJson(v));
                    } else {
                        o.add(c.getName(), primitive(v));
                    }
                } catch (ReflectiveOperationException e) {
                    o.addProperty(c.getName(), "unreadable: " + e);
                }
            }
            return o;
        }
        String s = String.valueOf(config);
        o.addProperty("string", s);
        Matcher m = TO_STRING.matcher(s);
        if (m.matches()) {
            for (String pair : m.group(1).split(", ", -1)) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    o.add(pair.substring(0, eq), parsed(pair.substring(eq + 1)));
                }
            }
        }
        return o;
    }

    private static JsonPrimitive primitive(Object v) {
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        return new JsonPrimitive(String.valueOf(v));
    }

    private static JsonPrimitive parsed(String value) {
        try {
            return new JsonPrimitive(Long.parseLong(value));
        } catch (NumberFormatException notLong) {
            try {
                double d = Double.parseDouble(value);
                return Double.isFinite(d) ? new JsonPrimitive(d) : new JsonPrimitive(value);
            } catch (NumberFormatException notDouble) {
                return value.equals("true") || value.equals("false")
                        ? new JsonPrimitive(Boolean.parseBoolean(value))
                        : new JsonPrimitive(value);
            }
        }
    }

    /** Builder of {@link RunManifest}. */
    public static final class Builder {
        private String name;
        private final Map<String, Object> configs = new LinkedHashMap<>();
        private final Map<String, Long> seeds = new LinkedHashMap<>();
        private final Map<String, String> extra = new LinkedHashMap<>();
        private String data;
        private List<Device> devices;
        private Instant started;
        private Path sourceDirectory = Path.of("");

        private Builder() {}

        /** A name for the run. */
        public Builder optName(String value) {
            name = value;
            return this;
        }

        /** The model configuration, stored under {@code configs.model}. */
        public Builder optModelConfig(SimvtpConfig config) {
            return addConfig("model", config);
        }

        /** The trainer configuration, stored under {@code configs.trainer}; its seed also goes to {@code seeds}. */
        public Builder optTrainerConfig(TrainerConfig config) {
            addConfig("trainer", config);
            return addSeed("trainer", config.seed());
        }

        /** Any other configuration object (a record, or an object with a {@code Name{k=v, ...}} toString). */
        public Builder addConfig(String key, Object config) {
            configs.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(config, "config"));
            return this;
        }

        /** A named seed (data order, synthetic generator, evaluation split, ...). */
        public Builder addSeed(String key, long seed) {
            seeds.put(Objects.requireNonNull(key, "key"), seed);
            return this;
        }

        /** A description of the data: annotation file and its hash, number of clips, generator settings. */
        public Builder optData(String description) {
            data = description;
            return this;
        }

        /** The devices the run uses (default: the engine's default device). */
        public Builder optDevices(List<Device> value) {
            devices = List.copyOf(value);
            return this;
        }

        /** The start time (default: now). */
        public Builder optStartTime(Instant value) {
            started = value;
            return this;
        }

        /** Where to look for the git working tree (default: the current directory). */
        public Builder optSourceDirectory(Path value) {
            sourceDirectory = Objects.requireNonNull(value, "sourceDirectory");
            return this;
        }

        /** A free-form entry under {@code extra}. */
        public Builder addExtra(String key, String value) {
            extra.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /** Gathers the environment and builds the manifest. */
        public RunManifest build() {
            JsonObject o = new JsonObject();
            o.addProperty("format", FORMAT);
            o.addProperty("name", name);
            o.addProperty("started", (started != null ? started : Instant.now()).toString());
            JsonObject c = new JsonObject();
            configs.forEach((k, v) -> c.add(k, configJson(v)));
            o.add("configs", c);
            JsonObject s = new JsonObject();
            seeds.forEach(s::addProperty);
            o.add("seeds", s);
            o.addProperty("data", data);
            o.add("versions", versions());
            o.add("runtime", runtime());
            Optional<GitRevision> git = GitRevision.find(sourceDirectory);
            JsonObject g = new JsonObject();
            g.addProperty("commit", git.map(GitRevision::commit).orElse(null));
            g.addProperty("ref", git.map(GitRevision::ref).orElse(null));
            o.add("git", g);
            JsonObject e = new JsonObject();
            extra.forEach(e::addProperty);
            o.add("extra", e);
            return new RunManifest(o);
        }

        private static JsonObject versions() {
            JsonObject v = new JsonObject();
            v.addProperty("djl", guard(Engine::getDjlVersion));
            v.addProperty("engine", guard(() -> Engine.getInstance().getEngineName()));
            v.addProperty("engineVersion", guard(() -> Engine.getInstance().getVersion()));
            v.addProperty("ffmpegPresets", packageVersion("org.bytedeco.ffmpeg.global.avutil"));
            v.addProperty("javacpp", packageVersion("org.bytedeco.javacpp.Loader"));
            v.addProperty("java", System.getProperty("java.version"));
            v.addProperty("javaVendor", System.getProperty("java.vendor"));
            v.addProperty("javaVm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
            v.addProperty(
                    "os",
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"));
            return v;
        }

        private JsonObject runtime() {
            JsonObject r = new JsonObject();
            r.addProperty("availableProcessors", Runtime.getRuntime().availableProcessors());
            r.addProperty("maxHeapBytes", Runtime.getRuntime().maxMemory());
            JsonArray d = new JsonArray();
            List<String> names = new ArrayList<>();
            if (devices != null) {
                devices.forEach(x -> names.add(x.toString()));
            } else {
                String def = guard(() -> Engine.getInstance().defaultDevice().toString());
                if (def != null) {
                    names.add(def);
                }
            }
            names.forEach(d::add);
            r.add("devices", d);
            r.addProperty(
                    "gpuCount",
                    guard(() -> Integer.toString(Engine.getInstance().getGpuCount())));
            JsonObject props = new JsonObject();
            THREAD_PROPERTIES.forEach(p -> props.addProperty(p, System.getProperty(p)));
            r.add("systemProperties", props);
            JsonObject env = new JsonObject();
            THREAD_ENV.forEach(p -> env.addProperty(p, System.getenv(p)));
            r.add("environment", env);
            return r;
        }

        /** The value, or null when the engine or a native library is unavailable. */
        private static String guard(java.util.function.Supplier<String> s) {
            try {
                return s.get();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("run manifest: value unavailable", e);
                return null;
            }
        }

        private static String packageVersion(String className) {
            try {
                Package p = Class.forName(className, false, RunManifest.class.getClassLoader())
                        .getPackage();
                return p == null ? null : p.getImplementationVersion();
            } catch (ClassNotFoundException | LinkageError e) {
                return null;
            }
        }
    }
}
