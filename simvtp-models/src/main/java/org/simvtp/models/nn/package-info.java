/** DJL blocks of SimVTP whose parameters carry the reference state-dict names. */
package org.simvtp.models.nn;
