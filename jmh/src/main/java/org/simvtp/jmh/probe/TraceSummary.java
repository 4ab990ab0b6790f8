package org.simvtp.jmh.probe;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sums a PyTorch profiler Chrome trace (as written by {@link StepBreakdown} with {@code -Dprobe.profile}) per
 * operator: total and self time (total minus the time of the operators nested directly inside, on the same
 * thread), call count; prints the top entries by self time.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar org.simvtp.jmh.probe.TraceSummary trace.json [top]
 * </pre>
 */
public final class TraceSummary {

    private TraceSummary() {}

    private record Event(String name, long tid, double start, double duration) {}

    /**
     * Prints the summary.
     *
     * @param args trace file, optional number of rows (30)
     * @throws IOException if the trace cannot be read
     */
    public static void main(String[] args) throws IOException {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<Event> events = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            JsonElement root = JsonParser.parseReader(r);
            var list = root.isJsonArray()
                    ? root.getAsJsonArray()
                    : root.getAsJsonObject().getAsJsonArray("traceEvents");
            for (JsonElement e : list) {
                JsonObject o = e.getAsJsonObject();
                if (!o.has("dur") || !"X".equals(o.has("ph") ? o.get("ph").getAsString() : "")) {
                    continue;
                }
                long tid = o.has("tid") && o.get("tid").getAsJsonPrimitive().isNumber()
                        ? o.get("tid").getAsLong()
                        : 0;
                events.add(new Event(
                        o.get("name").getAsString(),
                        tid,
                        o.get("ts").getAsDouble(),
                        o.get("dur").getAsDouble()));
            }
        }
        events.sort(Comparator.comparingLong(Event::tid)
                .thenComparingDouble(Event::start)
                .thenComparing(Comparator.comparingDouble(Event::duration).reversed()));
        Map<String, double[]> byName = new HashMap<>(); // total, self, count
        List<Event> stack = new ArrayList<>();
        List<double[]> selfStack = new ArrayList<>();
        double wall = 0;
        for (Event e : events) {
            while (!stack.isEmpty()
                    && (stack.get(stack.size() - 1).tid() != e.tid()
                            || stack.get(stack.size() - 1).start()
                                            + stack.get(stack.size() - 1).duration()
                                    <= e.start())) {
                pop(stack, selfStack, byName);
            }
            if (!stack.isEmpty()) {
                selfStack.get(selfStack.size() - 1)[0] -= e.duration();
            } else {
                wall += e.duration();
            }
            stack.add(e);
            selfStack.add(new double[] {e.duration()});
        }
        while (!stack.isEmpty()) {
            pop(stack, selfStack, byName);
        }
        System.out.printf(Locale.ROOT, "top-level operator time %.1f ms%n", wall / 1e3);
        byName.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]))
                .limit(top)
                .forEach(x -> System.out.printf(
                        Locale.ROOT,
                        "%-70s self %9.1f ms  total %9.1f ms  calls %6.0f%n",
                        x.getKey().length() > 70 ? x.getKey().substring(0, 70) : x.getKey(),
                        x.getValue()[1] / 1e3,
                        x.getValue()[0] / 1e3,
                        x.getValue()[2]));
    }

    private static void pop(List<Event> stack, List<double[]> selfStack, Map<String, double[]> byName) {
        Event done = stack.remove(stack.size() - 1);
        double self = selfStack.remove(selfStack.size() - 1)[0];
        double[] acc = byName.computeIfAbsent(done.name(), k -> new double[3]);
        acc[0] += done.duration();
        acc[1] += self;
        acc[2]++;
    }
}
