package org.simvtp.models.facade;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.simvtp.core.spi.MediaSupport;

/**
 * Finds the {@link MediaSupport} provider ({@code simvtp-data}) with {@link ServiceLoader}.
 *
 * <pre>{@code
 * MediaSupport media = MediaSupports.loadOrNull();   // null without simvtp-data
 * }</pre>
 */
final class MediaSupports {

    /** What to do when no provider is present. */
    static final String HOW_TO_ADD = "add org.simvtp:simvtp-data to the classpath (it provides video decoding and "
            + "the bert-base-uncased tokenizer through the service " + MediaSupport.class.getName() + ")";

    private MediaSupports() {}

    /** A new provider instance, or null when none is on the class path. */
    static MediaSupport loadOrNull() {
        try {
            Iterator<MediaSupport> it = ServiceLoader.load(MediaSupport.class, Simvtp.class.getClassLoader())
                    .iterator();
            return it.hasNext() ? it.next() : null;
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException(
                    "the " + MediaSupport.class.getName() + " provider failed to load: " + e.getMessage(), e);
        }
    }

    /** The provider, or an {@link IllegalStateException} explaining how to add it. */
    static MediaSupport require(MediaSupport media, String operation) {
        if (media == null) {
            throw new IllegalStateException(operation + " needs video decoding and tokenisation: " + HOW_TO_ADD);
        }
        return media;
    }
}
