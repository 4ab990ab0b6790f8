package org.simvtp.models.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Python {@code collections.OrderedDict} read from a pickle: an insertion-ordered map that also
 * keeps the attributes the pickle set on it (torch state dicts carry {@code _metadata} this way).
 *
 * <p>Equality and hash code are those of the map entries; attributes are ignored.
 *
 * <pre>{@code
 * if (value instanceof AttributedMap) {
 *     Object meta = ((AttributedMap) value).attributes().get("_metadata");
 * }
 * }</pre>
 */
public final class AttributedMap extends LinkedHashMap<Object, Object> {

    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Object> attributes = new LinkedHashMap<>();

    /** Creates an empty map. */
    public AttributedMap() {
        super();
    }

    /**
     * Returns the attributes set by the pickle.
     *
     * @return the mutable attribute map (usually empty or {@code _metadata})
     */
    public Map<String, Object> attributes() {
        return attributes;
    }
}
