package org.simvtp.train.observe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Display order and short labels of loss components: {@code loss} first, then the SimVTP components
 * {@code loss_v, loss_t, loss_vtc, loss_vtm}, then any other name alphabetically; the {@code loss_} prefix is
 * dropped in labels ({@code loss_vtc → vtc}).
 */
final class LossNames {

    private static final List<String> KNOWN = List.of("loss", "loss_v", "loss_t", "loss_vtc", "loss_vtm");

    private LossNames() {}

    /** The keys of {@code losses} in display order. */
    static List<String> ordered(Map<String, Double> losses) {
        List<String> names = new ArrayList<>(losses.keySet());
        names.sort(Comparator.comparingInt(LossNames::rank).thenComparing(Comparator.naturalOrder()));
        return names;
    }

    /** The label of a component: {@code loss} stays, {@code loss_x} becomes {@code x}. */
    static String label(String name) {
        return name.startsWith("loss_") ? name.substring("loss_".length()) : name;
    }

    private static int rank(String name) {
        int i = KNOWN.indexOf(name);
        return i >= 0 ? i : KNOWN.size();
    }
}
