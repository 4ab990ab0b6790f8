package org.simvtp.models.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The default allow-list: Python globals that only build plain data, each backed by Java code.
 *
 * <p>Keys are {@code "module name"} (as in the pickle {@code GLOBAL} opcode).
 */
final class PlainDataGlobals {

    private PlainDataGlobals() {}

    static String key(String module, String name) {
        return module + ' ' + name;
    }

    /** Returns the default allow-list in a new mutable map. */
    static Map<String, PickleCallable> create() {
        Map<String, PickleCallable> globals = new LinkedHashMap<>();
        globals.put(key("collections", "OrderedDict"), PlainDataGlobals::orderedDict);
        for (String builtins : List.of("builtins", "__builtin__")) {
            globals.put(key(builtins, "set"), args -> newSet(args, false));
            globals.put(key(builtins, "frozenset"), args -> newSet(args, true));
        }
        globals.put(key("_codecs", "encode"), PlainDataGlobals::codecsEncode);
        globals.put(key("argparse", "Namespace"), PlainDataGlobals::namespace);
        globals.put(key("numpy", "dtype"), PlainDataGlobals::numpyDType);
        globals.put(key("numpy.core.multiarray", "scalar"), PlainDataGlobals::numpyScalar);
        globals.put(key("numpy._core.multiarray", "scalar"), PlainDataGlobals::numpyScalar);
        return globals;
    }

    private static Object orderedDict(List<Object> args) {
        AttributedMap map = new AttributedMap();
        if (args.isEmpty()) {
            return map;
        }
        if (args.size() != 1 || !(args.get(0) instanceof List)) {
            throw new IllegalArgumentException(
                    "OrderedDict expects () or (list of pairs,), got " + args.size() + " arguments");
        }
        for (Object pair : (List<?>) args.get(0)) {
            if (!(pair instanceof List) || ((List<?>) pair).size() != 2) {
                throw new IllegalArgumentException("OrderedDict item is not a pair: " + Graphs.describe(pair));
            }
            Object key = ((List<?>) pair).get(0);
            Graphs.requireHashable(key);
            map.put(key, ((List<?>) pair).get(1));
        }
        return map;
    }

    private static Object newSet(List<Object> args, boolean frozen) {
        Set<Object> set = new LinkedHashSet<>();
        if (args.size() > 1 || (args.size() == 1 && !(args.get(0) instanceof List))) {
            throw new IllegalArgumentException("set expects () or (list,)");
        }
        if (args.size() == 1) {
            for (Object item : (List<?>) args.get(0)) {
                Graphs.requireHashable(item);
                set.add(item);
            }
        }
        return frozen ? Collections.unmodifiableSet(set) : set;
    }

    private static Object codecsEncode(List<Object> args) {
        if (args.size() != 2 || !(args.get(0) instanceof String) || !(args.get(1) instanceof String)) {
            throw new IllegalArgumentException("_codecs.encode expects (str, encoding)");
        }
        String encoding = ((String) args.get(1)).toLowerCase(Locale.ROOT);
        if (!encoding.equals("latin1") && !encoding.equals("latin-1") && !encoding.equals("iso-8859-1")) {
            throw new IllegalArgumentException("_codecs.encode: only latin1 is accepted, not '" + encoding + "'");
        }
        String text = (String) args.get(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xff) {
                throw new IllegalArgumentException("_codecs.encode: character outside latin1");
            }
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Object namespace(List<Object> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("argparse.Namespace takes no positional arguments");
        }
        return new InertObject("argparse.Namespace", args);
    }

    private static Object numpyDType(List<Object> args) {
        if (args.isEmpty() || !(args.get(0) instanceof String)) {
            throw new IllegalArgumentException("numpy.dtype expects (str, ...)");
        }
        return new NumpyDType((String) args.get(0));
    }

    private static Object numpyScalar(List<Object> args) {
        if (args.size() != 2 || !(args.get(0) instanceof NumpyDType)) {
            throw new IllegalArgumentException("numpy scalar expects (numpy.dtype, bytes)");
        }
        Object raw = args.get(1);
        byte[] bytes;
        if (raw instanceof byte[]) {
            bytes = (byte[]) raw;
        } else if (raw instanceof String) {
            bytes = ((String) raw).getBytes(StandardCharsets.ISO_8859_1);
        } else {
            throw new IllegalArgumentException("numpy scalar data is " + Graphs.describe(raw));
        }
        return ((NumpyDType) args.get(0)).decode(bytes);
    }
}
