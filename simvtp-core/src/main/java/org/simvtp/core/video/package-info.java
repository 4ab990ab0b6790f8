/** Video tensor layout: ImageNet (de)normalisation, tubelet patchify/unpatchify, pixel targets, token gathers. */
package org.simvtp.core.video;
