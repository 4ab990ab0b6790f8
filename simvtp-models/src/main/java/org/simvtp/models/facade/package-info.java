/**
 * The {@link org.simvtp.models.facade.Simvtp} facade: load a checkpoint, embed videos and captions, search a folder
 * of videos ({@link org.simvtp.models.facade.VideoIndex}) and visualise masked reconstruction, without DJL types in
 * the simplest API.
 */
package org.simvtp.models.facade;
