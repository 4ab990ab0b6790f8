/**
 * Video-text manifests: streaming readers of WebVid CSV, the reference's {@code {path: caption}} JSON, the official
 * {@code MSRVTT_data.json}, generic {@code path,caption} CSV and folders with sidecar captions, all producing
 * {@link org.simvtp.data.dataset.VideoTextRecord}s, plus a compact in-memory {@link org.simvtp.data.dataset.RecordTable}.
 */
package org.simvtp.data.dataset;
