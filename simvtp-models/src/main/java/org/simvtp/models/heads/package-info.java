/** Task heads on top of the shared encoder: masked-language modelling and video-text matching. */
package org.simvtp.models.heads;
