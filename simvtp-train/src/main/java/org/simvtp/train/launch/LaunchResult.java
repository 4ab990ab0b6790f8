package org.simvtp.train.launch;

/**
 * How a launched job ended on this node.
 *
 * @param exitCode the job's exit code: 0 when every rank finished, else the code of the failure that ended it
 * @param restarts how many times all ranks were restarted
 */
public record LaunchResult(int exitCode, int restarts) {}
