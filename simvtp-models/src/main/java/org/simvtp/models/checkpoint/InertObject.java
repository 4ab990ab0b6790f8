package org.simvtp.models.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Python object of an allow-listed class (for example {@code argparse.Namespace}) kept as inert
 * data: its class name, constructor arguments and the attributes the pickle set. No Python code
 * runs to create it.
 *
 * <pre>{@code
 * InertObject args = (InertObject) checkpoint.rootMap().get("args");
 * Object ratio = args.get("mask_ratio"); // Double 0.9
 * }</pre>
 */
public final class InertObject {

    private final String qualifiedName;
    private final List<Object> args;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private Object extraState;

    InertObject(String qualifiedName, List<Object> args) {
        this.qualifiedName = qualifiedName;
        this.args = args;
    }

    /**
     * Returns the Python class.
     *
     * @return the class as {@code module.name}, e.g. {@code argparse.Namespace}
     */
    public String qualifiedName() {
        return qualifiedName;
    }

    /**
     * Returns the constructor arguments.
     *
     * @return the arguments given in the pickle (often empty)
     */
    public List<Object> args() {
        return Collections.unmodifiableList(args);
    }

    /**
     * Returns the attributes.
     *
     * @return an unmodifiable view of the attributes, in pickle order
     */
    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    /**
     * Returns one attribute.
     *
     * @param name the attribute name
     * @return its value, or {@code null} if absent (or Python {@code None})
     */
    public Object get(String name) {
        return attributes.get(name);
    }

    /**
     * Returns state that was not a dict of attributes.
     *
     * @return the non-dict part of the pickled state, or {@code null}
     */
    public Object extraState() {
        return extraState;
    }

    List<Object> rawArgs() {
        return args;
    }

    Map<String, Object> mutableAttributes() {
        return attributes;
    }

    void setExtraState(Object state) {
        this.extraState = state;
    }

    @Override
    public String toString() {
        return qualifiedName + attributes.keySet();
    }
}
