/** A search page over a {@link org.simvtp.models.facade.VideoIndex}: {@link org.simvtp.examples.search.SearchServer}. */
package org.simvtp.examples.search;
