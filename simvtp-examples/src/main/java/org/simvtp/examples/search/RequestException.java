package org.simvtp.examples.search;

/** A request the server refuses, with the HTTP status to answer and a message for the client. */
final class RequestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    RequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status code (4xx). */
    int status() {
        return status;
    }
}
